/**
 * The trainer's review queue: its filters (from the page's query string) and row shape;
 * queue.server.ts reads it in SQL, oldest hand-in first.
 */
import { pageNumber } from '#lib/http/page-number.ts';

/** The states in which a submission waits for a trainer: handed in, or in a peer round a trainer closes. */
export const WAITING_STATES = ['submitted', 'in_review'] as const;
export type WaitingState = (typeof WAITING_STATES)[number];
export const QUEUE_PAGE_SIZE = 25;

export interface QueueFilter {
  course?: string;
  cohortId?: string;
  assignment?: string;
  state?: WaitingState;
  limit: number;
  offset: number;
}

const idLike = (value: string | null) => (value && /^[A-Za-z0-9_-]{1,100}$/.test(value) ? value : undefined);

/** Filters from `?course=&cohort=&assignment=&status=&page=`; anything malformed is ignored. */
export function parseQueueQuery(params: URLSearchParams, pageSize = QUEUE_PAGE_SIZE): QueueFilter {
  const status = params.get('status');
  return {
    course: idLike(params.get('course')),
    cohortId: idLike(params.get('cohort')),
    assignment: idLike(params.get('assignment')),
    state: (WAITING_STATES as readonly string[]).includes(status ?? '') ? (status as WaitingState) : undefined,
    limit: pageSize,
    offset: (pageNumber(params) - 1) * pageSize,
  };
}

export interface QueueRow {
  submissionId: string;
  course: string;
  assignment: string;
  cohortId: string | null;
  state: WaitingState;
  version: number;
  submittedAt: Date;
  trainee: string;
  /** Peer reviews given on the current version. */
  peerReviews: number;
}
