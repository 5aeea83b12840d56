/** The limits of a proposal's attached files and the refusals (decision 046), for the storage and the messages. */

/** The most files one field may hold. */
export const FILES_PER_FIELD = 5;
/** The most megabytes one attached file may have. */
export const PROPOSAL_FILE_MAX_MEGABYTES = 10;
/** What one proposal may keep in all its files together, in megabytes. */
export const PROPOSAL_QUOTA_MEGABYTES = 40;

/** Why an upload or removal of a proposal's file was refused. */
export const FILE_FORM_ERRORS = [
  'grants.error.file_kind',
  'grants.error.file_too_large',
  'grants.error.file_quota',
  'grants.error.file_empty',
  'grants.error.too_many_files',
  'grants.error.not_draft',
  'grants.error.form_broken',
  'grants.error.too_fast',
] as const;
export type FileFormError = (typeof FILE_FORM_ERRORS)[number];
export type ProposalFileError = Exclude<FileFormError, 'grants.error.form_broken' | 'grants.error.too_fast'>;
