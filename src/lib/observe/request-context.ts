/**
 * What the server's request log (src/cli/serve.mjs, decision 051) learns from the rendering
 * side: the route's pattern and parameters, and who is signed in. The server runs each request
 * inside an AsyncLocalStorage it publishes on `globalThis`; outside it (tests, the preview, the
 * CLI) this does nothing.
 */
import type { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestNote {
  /** The route's pattern, e.g. `/[locale]/courses/[course]`: a label with few values. */
  route?: string;
  params?: Record<string, string | undefined>;
  userId?: string;
}

const CONTEXT = Symbol.for('oqu.requestContext');
/** Pages Astro renders in place of another's answer: a request ending there keeps its own route, or none. */
const ERROR_PAGES = new Set(['/404', '/500']);

/** Adds to the current request's log line (and metrics labels); the first route noted stays. */
export function noteRequest(note: RequestNote): void {
  const context = (globalThis as Record<symbol, AsyncLocalStorage<RequestNote> | undefined>)[CONTEXT];
  const store = context?.getStore();
  if (!store) return;
  if (note.userId) store.userId = note.userId;
  if (note.route && !store.route && !ERROR_PAGES.has(note.route)) {
    store.route = note.route;
    store.params = note.params;
  }
}
