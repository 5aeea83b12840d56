/**
 * What the proposal page says after its file form answered (`?files=`, `?removed=`, `?error=`
 * in the address): only the known codes are shown, anything else in the address is ignored.
 */
import type { MessageKey, Params } from '#lib/i18n/t.ts';
import {
  FILE_FORM_ERRORS,
  FILES_PER_FIELD,
  PROPOSAL_FILE_MAX_MEGABYTES,
  PROPOSAL_QUOTA_MEGABYTES,
} from './file-limits.ts';

const LIMITS = { max: FILES_PER_FIELD, megabytes: PROPOSAL_FILE_MAX_MEGABYTES, quota: PROPOSAL_QUOTA_MEGABYTES };

export function shownFileMessage(
  query: URLSearchParams,
  t: (key: MessageKey, params?: Params) => string,
): { notice: string; problems: string[] } {
  const error = FILE_FORM_ERRORS.find((code) => code === query.get('error'));
  if (error) return { notice: '', problems: [t(error, LIMITS)] };
  const stored = Number(query.get('files'));
  if (Number.isInteger(stored) && stored > 0)
    return { notice: t('grants.files_stored', { count: stored }), problems: [] };
  if (query.get('removed') === '1') return { notice: t('grants.file_removed'), problems: [] };
  return { notice: '', problems: [] };
}
