/**
 * The programme certificate (decision 047): issued exactly once, when the programme's rule is
 * met, through the same path as a course's (certificates.server.ts: one current certificate per
 * trainee and `course`, here `programme:<id>`). It lists the programme's competencies the holder
 * demonstrated in its courses, and its Open Badges 3.0 credential is an OpenBadgeCredential of
 * its own: the programme as the achievement, its competencies as alignments to the public
 * framework pages.
 */
import type { Database } from '#db/client.ts';
import { certificateEditions, issuerSnapshot, type Holder } from '#lib/certificates/award.server.ts';
import {
  findCurrentCertificate,
  issueCertificate,
  type Certificate,
  type CertificateSubject,
} from '#lib/certificates/certificates.server.ts';
import { hostSigningKeys } from '#lib/certificates/signing.server.ts';
import { traineeCompetencies } from '#lib/competencies/evidence.server.ts';
import type { CatalogCourse, CatalogProgramme } from '#lib/courses/catalog.ts';
import { programmeCertificateKey } from '#lib/courses/programme-schema.ts';
import { readerChain, type Locale } from '#lib/i18n/locales.ts';
import { pickText, type Localized } from '#lib/i18n/pick-text.ts';
import { translate } from '#lib/i18n/t.ts';
import { paths } from '#lib/i18n/urls.ts';
import type { SiteConfig } from '#lib/site/config.ts';
import { programmeAlignments, programmeCompetencies } from './competencies.ts';
import { getProgrammeProgress } from './progress.server.ts';
import { courseTitleIn, workTitles } from './view.ts';

/** The trainee's current programme certificate, if issued. */
export function programmeCertificate(db: Database, userId: string, programme: string): Promise<Certificate | null> {
  return findCurrentCertificate(db, userId, programmeCertificateKey(programme));
}

/** The titles (every language) of the programme's competencies the holder demonstrated in its courses. */
export async function demonstratedInProgramme(
  db: Database,
  userId: string,
  programme: CatalogProgramme,
): Promise<Localized<string>[]> {
  const list = programmeCompetencies(programme);
  if (list.length === 0) return [];
  const states = await traineeCompetencies(
    db,
    userId,
    list.map((c) => c.competency),
    programme.courses,
  );
  return list
    .filter((c) => states.find((s) => s.competency === c.competency.id)?.state === 'demonstrated')
    .map((c) => c.competency.title);
}

/** What earning the programme takes, in words (the credential's criteria). */
export function programmeCriteria(programme: CatalogProgramme, locale: Locale, chain: readonly Locale[]): string {
  const rule = programme.data.completion;
  const required = rule.courses === 'all' ? programme.courses.map((c) => c.slug) : rule.courses;
  const parts = [
    translate(locale, 'programme.rule_courses', {
      courses: required.map((s) => courseTitleIn(programme, s, locale, chain)).join(', '),
    }),
  ];
  if (rule.sessions?.attend) parts.push(translate(locale, 'programme.rule_sessions', { count: rule.sessions.attend }));
  if (rule.sessions?.named)
    parts.push(translate(locale, 'programme.rule_named_sessions', { names: rule.sessions.named.join(', ') }));
  if (rule.assignments.length)
    parts.push(
      translate(locale, 'programme.rule_assignments', { work: workTitles(programme, rule.assignments, locale, chain) }),
    );
  return parts.join(' ');
}

/** What a programme certificate says, in the holder's language (competencies left to the caller). */
export function programmeSubject(holder: Holder, programme: CatalogProgramme, site: SiteConfig): CertificateSubject {
  const locale = holder.locale;
  const chain = readerChain(site.locales.fallback, locale);
  return {
    userId: holder.id,
    email: holder.email,
    holderName: holder.displayName,
    locale,
    course: programmeCertificateKey(programme.id),
    courseTitle: pickText(programme.data.title, locale, chain),
    courseDescription: pickText(programme.data.description, locale, chain),
    criteria: programmeCriteria(programme, locale, chain),
    hours: programme.data.hours,
    alignments: programmeAlignments(programme, locale, chain, (id) => `${site.baseUrl}${paths.framework(locale, id)}`),
  };
}

/** Issues the programme certificate when its rule is met (once; a repeat returns the one issued). */
export async function certifyProgramme(
  db: Database,
  holder: Holder,
  programme: CatalogProgramme,
  site: SiteConfig,
  now: Date = new Date(),
): Promise<{ complete: boolean; certificate?: Certificate; issuedNow: boolean }> {
  const progress = await getProgrammeProgress(db, holder.id, programme);
  if (!progress.complete) return { complete: false, issuedNow: false };
  const chain = readerChain(site.locales.fallback, holder.locale);
  const titles = await demonstratedInProgramme(db, holder.id, programme);
  const competencies = titles.map((title) => pickText(title, holder.locale, chain));
  // Printed in the site's certificate languages like a course's (decision 048).
  const editions = certificateEditions(site, holder.locale, programme.data.title, titles);
  const subject = { ...programmeSubject(holder, programme, site), competencies, editions };
  const keys = await hostSigningKeys();
  const issued = await issueCertificate(db, subject, issuerSnapshot(site, holder.locale), keys.current, now);
  return { complete: true, ...issued };
}

/** After progress in a course: certifies every programme through it whose rule is now met. */
export async function certifyProgrammesOf(
  db: Database,
  holder: Holder,
  course: CatalogCourse,
  site: SiteConfig,
  now: Date = new Date(),
): Promise<Certificate[]> {
  const issued: Certificate[] = [];
  for (const programme of course.programmes ?? []) {
    const result = await certifyProgramme(db, holder, programme, site, now);
    if (result.issuedNow && result.certificate) issued.push(result.certificate);
  }
  return issued;
}
