import type { Locale } from './locales.ts';

/**
 * Every path of the site, the one place that spells them: pages, components, e-mails and the
 * certificate's own addresses (certificates/urls.ts prefixes these with the site's base URL).
 */
export const paths = {
  catalogue: (locale: Locale): string => `/${locale}/`,
  course: (locale: Locale, course: string): string => `/${locale}/courses/${course}/`,
  lesson: (locale: Locale, course: string, lesson: string): string => `/${locale}/courses/${course}/${lesson}/`,
  search: (locale: Locale): string => `/${locale}/search/`,
  register: (locale: Locale): string => `/${locale}/register`,
  login: (locale: Locale): string => `/${locale}/login`,
  logout: (locale: Locale): string => `/${locale}/logout`,
  account: (locale: Locale): string => `/${locale}/account`,
  /** The signed-in user's own data as a JSON download (decision 026). */
  accountData: (locale: Locale): string => `/${locale}/account/data.json`,
  forgotPassword: (locale: Locale): string => `/${locale}/forgot-password`,
  resetPassword: (locale: Locale): string => `/${locale}/reset-password`,
  trainer: (locale: Locale): string => `/${locale}/trainer/`,
  trainerCourse: (locale: Locale, course: string): string => `/${locale}/trainer/courses/${course}/`,
  /** A course's trainer notes, for its trainers and admins. */
  trainerNotes: (locale: Locale, course: string): string => `/${locale}/trainer/courses/${course}/notes`,
  /** A course as a package for another LMS (`scorm12-kk`, `cc-en`: exchange/package-name.ts), for its trainers. */
  trainerCoursePackage: (locale: Locale, course: string, name: string): string =>
    `/${locale}/trainer/courses/${course}/packages/${name}`,
  trainerCohort: (locale: Locale, cohortId: string): string => `/${locale}/trainer/cohorts/${cohortId}`,
  /** Submissions waiting for a trainer, oldest first. */
  trainerReviews: (locale: Locale): string => `/${locale}/trainer/reviews`,
  trainerReview: (locale: Locale, submissionId: string): string => `/${locale}/trainer/reviews/${submissionId}`,
  /** Every handed-in submission of an assignment, for the course or one cohort, as a zip. */
  trainerSubmissionsZip: (locale: Locale, course: string, assignment: string, cohortId?: string): string =>
    `/${locale}/trainer/courses/${course}/assignments/${assignment}/submissions.zip` +
    (cohortId ? `?cohort=${encodeURIComponent(cohortId)}` : ''),
  /** Where an invited person or applicant joins a cohort by its join code. */
  join: (locale: Locale, joinCode: string): string => `/${locale}/join/${joinCode}`,
  /** Sessions (seminars, study visits, forums, webinars) open to the signed-in user; `month` shows a month. */
  events: (locale: Locale, month?: string): string => `/${locale}/events/` + (month ? `?month=${month}` : ''),
  event: (locale: Locale, id: string): string => `/${locale}/events/${id}`,
  /** Where a session's check-in QR code leads: the trainee confirms to be marked present. */
  eventCheckin: (locale: Locale, id: string, code?: string): string =>
    `/${locale}/events/${id}/checkin` + (code ? `?code=${encodeURIComponent(code)}` : ''),
  /** The trainer's sessions and the form that schedules one. */
  trainerEvents: (locale: Locale): string => `/${locale}/trainer/events/`,
  /** One session for its trainer: change, cancel, sign-ups, attendance. */
  trainerEvent: (locale: Locale, id: string): string => `/${locale}/trainer/events/${id}`,
  trainerEventCsv: (locale: Locale, id: string): string => `/${locale}/trainer/events/${id}/signups.csv`,
  /** The check-in QR code the trainer shows during the session; `paused`: without reloading itself. */
  trainerEventCheckin: (locale: Locale, id: string, paused?: boolean): string =>
    `/${locale}/trainer/events/${id}/checkin` + (paused ? '?paused=1' : ''),
  /** A person's private calendar feed (the token is its secret). */
  calendarFeed: (token: string): string => `/calendar/${token}.ics`,
  admin: (locale: Locale): string => `/${locale}/admin/`,
  adminReport: (locale: Locale): string => `/${locale}/admin/report`,
  adminReportCsv: (locale: Locale): string => `/${locale}/admin/report.csv`,
  adminAudit: (locale: Locale): string => `/${locale}/admin/audit`,
  adminCertificates: (locale: Locale): string => `/${locale}/admin/certificates`,
  adminSystem: (locale: Locale): string => `/${locale}/admin/system`,
  adminAuditCsv: (locale: Locale): string => `/${locale}/admin/audit.csv`,
  /** Grant competitions: the calls a signed-in person may apply to, their proposals, their jury work. */
  grants: (locale: Locale): string => `/${locale}/grants/`,
  /** One call for proposals (readable by anyone once opened; applying needs an account). */
  grantCall: (locale: Locale, callId: string): string => `/${locale}/grants/${callId}/`,
  /** A proposal's page for its team: the draft, what is missing, submit, withdraw, the jury's feedback. */
  grantProposal: (locale: Locale, proposalId: string): string => `/${locale}/grants/proposals/${proposalId}`,
  /** A juror's list of a call's proposals. */
  grantJury: (locale: Locale, callId: string): string => `/${locale}/grants/${callId}/jury/`,
  /** A juror's page of one proposal: read it and score it. */
  grantJuryProposal: (locale: Locale, callId: string, proposalId: string): string =>
    `/${locale}/grants/${callId}/jury/${proposalId}`,
  /** The public results of a call (no account needed), once published. */
  grantResults: (locale: Locale, callId: string): string => `/${locale}/grants/${callId}/results`,
  /** Where a co-applicant's invitation link leads (`?token=`): joining the team, signed in. */
  grantJoin: (locale: Locale): string => `/${locale}/grants/join`,
  adminGrants: (locale: Locale): string => `/${locale}/admin/grants/`,
  adminGrant: (locale: Locale, callId: string): string => `/${locale}/admin/grants/${callId}`,
  /** A call's proposals or (once scoring is closed) scores as CSV. */
  adminGrantCsv: (locale: Locale, callId: string, table: 'proposals' | 'scores'): string =>
    `/${locale}/admin/grants/${callId}/${table}.csv`,
  /** A submitted or withdrawn proposal as the admin reads it (answers, team, files, scores once closed). */
  adminGrantProposal: (locale: Locale, callId: string, proposalId: string): string =>
    `/${locale}/admin/grants/${callId}/proposals/${proposalId}`,
  /** The courses this host shares with other Oqu hosts, signed (decision 054). */
  courseFeed: (): string => '/.well-known/oqu-courses.json',
  /** A shared course's bundle, as the course feed lists it. */
  courseBundle: (course: string): string => `/course-bundles/${course}.oqu-course.json.gz`,
  /** Courses from partner hosts, and the preview of one host's course before installing it (admins). */
  adminPartnerCourses: (locale: Locale, preview?: { host: string; course: string }): string =>
    `/${locale}/admin/partner-courses` + (preview ? `?${new URLSearchParams(preview).toString()}` : ''),
  /** The public check of one certificate, in `locale` when given (else the visitor's language). */
  verify: (code: string, locale?: Locale): string => (locale ? `/verify/${code}?lang=${locale}` : `/verify/${code}`),
  /** The form that checks a code or a credential from anywhere. */
  verifyForm: (locale: Locale): string => `/${locale}/verify`,
  certificatePdf: (code: string): string => `/certificates/${code}.pdf`,
  /** The signed Open Badges 3.0 credential (its `id`). */
  certificateCredential: (code: string): string => `/certificates/${code}.json`,
  /** Its 1EdTechRevocationList document. */
  certificateStatus: (code: string): string => `/certificates/${code}/status`,
  lessonDone: (locale: Locale, course: string, lesson: string): string => `/${locale}/courses/${course}/${lesson}/done`,
  quizSubmit: (locale: Locale, course: string, lesson: string): string => `/${locale}/courses/${course}/${lesson}/quiz`,
  /** An assignment's hand-in page (its brief is on the page of the lesson that names it). */
  assignment: (locale: Locale, course: string, assignment: string): string =>
    `/${locale}/courses/${course}/assignments/${assignment}`,
  /** An assignment's peer round: the work given to the trainee to review and the reviews of theirs. */
  peerReviews: (locale: Locale, course: string, assignment: string): string =>
    `/${locale}/courses/${course}/assignments/${assignment}/peer`,
  /** The n-th submission given to the trainee to review ("Submission A" is 1). */
  peerWork: (locale: Locale, course: string, assignment: string, n: number): string =>
    `/${locale}/courses/${course}/assignments/${assignment}/peer/${n}`,
  /** A submission file, always downloaded (only its author, its reviewers and the course's staff get it). */
  submissionFile: (id: string): string => `/submission-files/${id}`,
  /** A file attached to a grant proposal, always downloaded (its team, admins, its jurors not in conflict). */
  grantFile: (id: string): string => `/grant-files/${id}`,
  /** Where a proposal's file field posts its uploads and removals (multipart). */
  grantProposalFiles: (locale: Locale, proposalId: string, fieldId: string): string =>
    `/${locale}/grants/proposals/${proposalId}/files?field=${encodeURIComponent(fieldId)}`,
  courseAsset: (course: string, file: string): string => `/course-assets/${course}/${file}`,
  /** A course's discussion board (decision 038). */
  courseDiscussions: (locale: Locale, course: string): string => `/${locale}/discussions/${course}`,
  /** A lesson's questions, on their own page so the lesson stays prerendered. */
  lessonDiscussion: (locale: Locale, course: string, lesson: string): string =>
    `/${locale}/discussions/${course}/lessons/${lesson}`,
  /** A cohort's private board. */
  cohortDiscussions: (locale: Locale, cohortId: string): string => `/${locale}/discussions/cohorts/${cohortId}`,
  /** One thread, at page `page` when given. */
  discussionThread: (locale: Locale, threadId: string, page?: number): string =>
    `/${locale}/discussions/threads/${threadId}` + (page && page > 1 ? `?page=${page}` : ''),
  /** A moderator moves a thread to another board of its course (decision 045). */
  discussionMove: (locale: Locale, threadId: string): string => `/${locale}/discussions/threads/${threadId}/move`,
  /** The admin's list of posting bans (decision 045). */
  adminDiscussionBans: (locale: Locale): string => `/${locale}/admin/discussion-bans`,
  /** A course's reported posts, for its trainers and admins. */
  discussionReports: (locale: Locale, course: string): string => `/${locale}/discussions/${course}/reports`,
  /** Unfollowing a thread from an e-mail, without signing in: the query carries the signed token. */
  discussionUnsubscribe: (locale: Locale, token: string): string => `/${locale}/discussions/unsubscribe?token=${token}`,
  /** The partner's about, privacy and terms pages (decision 026). */
  sitePage: (locale: Locale, page: 'about' | 'privacy' | 'terms'): string => `/${locale}/${page}`,
  /** The public page of a competency framework: the `targetUrl` of credential alignments (decision 034). */
  framework: (locale: Locale, framework: string): string => `/${locale}/competencies/${framework}`,
  /** The signed-in trainee's competencies with their evidence (decision 035). */
  myCompetencies: (locale: Locale): string => `/${locale}/account/competencies`,
  /** A programme's public page, with the trainee's progress along it (decision 047). */
  programme: (locale: Locale, programme: string): string => `/${locale}/programmes/${programme}/`,
  /** A cohort's competency matrix (a page of its members) and the form that sets one by hand. */
  trainerCohortCompetencies: (locale: Locale, cohortId: string, page = 1): string =>
    `/${locale}/trainer/cohorts/${cohortId}/competencies` + (page > 1 ? `?page=${page}` : ''),
  /** The same matrix, every member, as CSV. */
  trainerCohortCompetenciesCsv: (locale: Locale, cohortId: string): string =>
    `/${locale}/trainer/cohorts/${cohortId}/competencies.csv`,
  /** The curriculum's glossary in one language (decision 042). */
  glossary: (locale: Locale): string => `/${locale}/glossary`,
  sitemap: (): string => '/sitemap.xml',
  /** The partner's colours (`version` changes with them, so a browser never keeps old ones). */
  theme: (version: string): string => `/theme.css?v=${version}`,
};

/** Picks the best enabled language from an Accept-Language header. */
export function negotiateLocale(header: string | null, enabled: readonly Locale[], fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    const match = enabled.find((l) => l === base);
    if (match) return match;
  }
  return fallback;
}
