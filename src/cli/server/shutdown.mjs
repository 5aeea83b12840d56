// Graceful shutdown of the web server (decision 031). On SIGTERM (systemd's stop, a container
// runtime, `kill`) or SIGINT the server stops accepting connections at once, lets the requests
// already in flight finish, but for no longer than OQU_SHUTDOWN_TIMEOUT_MS (10 s unless set,
// below systemd's 90 s default), then cuts what is left, closes the database and exits 0.
// Idle keep-alive connections are closed at once, and a response finished during the shutdown
// asks its client to close the connection, so no connection keeps the process alive.

/** The default bound on the requests in flight, in milliseconds. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/** The bound from the environment: a whole number of milliseconds, else the default. */
export function shutdownTimeout(env = process.env) {
  const value = Number(env.OQU_SHUTDOWN_TIMEOUT_MS);
  return Number.isInteger(value) && value >= 0 ? value : SHUTDOWN_TIMEOUT_MS;
}

/**
 * Counts `server`'s requests in flight and returns `shutdown()`: stop accepting, wait for the
 * requests in flight (at most `timeoutMs`), cut the rest, then `closeResources()`. Resolves
 * with what happened, for the log.
 */
export function gracefulShutdown(server, { timeoutMs, closeResources }) {
  /** The responses not yet sent (and closed). */
  const open = new Set();
  let stopping = false;
  let drained = () => {};
  server.on('request', (_req, res) => {
    open.add(res);
    if (stopping) res.shouldKeepAlive = false;
    res.once('close', () => {
      open.delete(res);
      if (open.size === 0) drained();
    });
  });
  let done;
  return function shutdown() {
    done ??= (async () => {
      stopping = true;
      const started = Date.now();
      const waiting = open.size;
      for (const res of open) if (!res.headersSent) res.shouldKeepAlive = false;
      const closed = new Promise((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const finished = await new Promise((resolve) => {
        if (open.size === 0) return resolve(true);
        const timer = setTimeout(() => resolve(false), timeoutMs);
        drained = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      const cut = open.size;
      if (!finished) server.closeAllConnections();
      await closed;
      await closeResources();
      return { waiting, cut, ms: Date.now() - started };
    })();
    return done;
  };
}
