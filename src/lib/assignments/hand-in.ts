/**
 * What a hand-in must hold, decided without the database: the assignment's `handIn` rules
 * applied to a draft's text, link and number of stored files. Codes are UI dictionary keys.
 */
import type { Assignment } from './schema.ts';

export type HandInErrorCode =
  | 'assignment.error.text_required'
  | 'assignment.error.link_required'
  | 'assignment.error.files_required'
  | 'assignment.error.too_many_files'
  | 'assignment.error.nothing_to_hand_in'
  | 'assignment.error.link_invalid'
  | 'assignment.error.text_too_long';

/** The longest written answer, in characters (a long essay; the row stays small). */
export const MAX_TEXT_LENGTH = 50_000;
/** The longest link, in characters. */
export const MAX_LINK_LENGTH = 2_000;

export interface DraftContent {
  body: string;
  link: string | null;
  files: number;
}

/** A link as it will be stored: trimmed, http(s) only; null when empty; undefined when invalid. */
export function cleanLink(raw: string | null | undefined): string | null | undefined {
  const text = (raw ?? '').trim();
  if (text === '') return null;
  if (text.length > MAX_LINK_LENGTH) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Why the draft cannot be handed in yet, or null when it can. */
export function handInProblem(assignment: Assignment, draft: DraftContent): HandInErrorCode | null {
  const rules = assignment.handIn;
  const hasText = rules.text !== 'no' && draft.body.trim() !== '';
  const hasLink = rules.link !== 'no' && draft.link !== null;
  if (draft.body.length > MAX_TEXT_LENGTH) return 'assignment.error.text_too_long';
  if (rules.text === 'required' && !hasText) return 'assignment.error.text_required';
  if (rules.link === 'required' && !hasLink) return 'assignment.error.link_required';
  if (rules.files.required && draft.files === 0) return 'assignment.error.files_required';
  if (draft.files > rules.files.max) return 'assignment.error.too_many_files';
  if (!hasText && !hasLink && draft.files === 0) return 'assignment.error.nothing_to_hand_in';
  return null;
}
