/**
 * Completion and its certificate together: when a trainee's progress meets the course's rule,
 * the enrolment is completed (once) and the certificate issued (once), in the trainee's
 * language, with the issuer and signatory of this copy's configuration.
 */
import type { Database } from '#db/client.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import { LOCALES, readerChain, type Locale } from '#lib/i18n/locales.ts';
import { pickText, type Localized } from '#lib/i18n/pick-text.ts';
import { toCourseOutline } from '#lib/progress/completion.ts';
import { describeCompletionRule } from '#lib/progress/completion-text.ts';
import { completeIfDone } from '#lib/progress/progress.server.ts';
import { localize, type SiteConfig } from '#lib/site/config.ts';
import {
  issueCertificate,
  type Certificate,
  type CertificateSubject,
  type IssuerSnapshot,
} from './certificates.server.ts';
import { hostSigningKeys } from './signing.server.ts';
import { courseAlignments } from '#lib/competencies/alignments.ts';
import { demonstratedTitles } from '#lib/competencies/certificate.server.ts';
import { certificateLanguages } from './languages.ts';
import type { CertificateEdition } from '#db/schema.ts';
import { paths } from '#lib/i18n/urls.ts';

export interface Holder {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
}

/** What the certificate says, in the holder's language or the next of `chain` the course has. */
export function certificateSubject(
  holder: Holder,
  course: CatalogCourse,
  chain: readonly Locale[] = readerChain(LOCALES, holder.locale),
  baseUrl?: string,
): CertificateSubject {
  const locale = holder.locale;
  const alignments =
    baseUrl && course.frameworks
      ? courseAlignments(course.frameworks, course, locale, chain, (id) => `${baseUrl}${paths.framework(locale, id)}`)
      : [];
  return {
    ...(alignments.length ? { alignments } : {}),
    userId: holder.id,
    email: holder.email,
    holderName: holder.displayName,
    locale,
    course: course.slug,
    courseTitle: pickText(course.data.title, locale, chain),
    courseDescription: pickText(course.data.summary, locale, chain),
    criteria: describeCompletionRule(course, locale),
    hours: course.data.hours,
  };
}

/**
 * The words of each language the site prints certificates in (decision 048), or none when that
 * is the holder's language alone (the certificate's columns say it all).
 */
export function certificateEditions(
  site: SiteConfig,
  holder: Locale,
  title: Localized<string>,
  competencies: readonly (string | Localized<string>)[],
): CertificateEdition[] {
  const languages = certificateLanguages(site.certificate.languages, holder);
  if (languages.length === 1 && languages[0] === holder) return [];
  return languages.map((locale) => {
    const chain = readerChain(site.locales.fallback, locale);
    const issuer = issuerSnapshot(site, locale);
    return {
      locale,
      courseTitle: pickText(title, locale, chain),
      issuerName: issuer.name,
      signatoryTitle: issuer.signatoryTitle,
      competencies: competencies.map((c) => pickText(c, locale, chain)),
    };
  });
}

export function issuerSnapshot(site: SiteConfig, locale: Locale): IssuerSnapshot {
  return {
    baseUrl: site.baseUrl,
    name: localize(site.partner.name, locale),
    url: site.partner.url,
    signatoryName: site.certificate.signatoryName,
    signatoryTitle: localize(site.certificate.signatoryTitle, locale),
  };
}

/** Completes the course and issues its certificate when the rule is met. */
export async function completeAndCertify(
  db: Database,
  holder: Holder,
  course: CatalogCourse,
  site: SiteConfig,
  now: Date = new Date(),
): Promise<{ complete: boolean; completedNow: boolean; certificate?: Certificate; issuedNow: boolean }> {
  const completion = await completeIfDone(db, holder.id, toCourseOutline(course), now);
  if (!completion.complete) return { complete: false, completedNow: false, issuedNow: false };
  const keys = await hostSigningKeys();
  const chain = readerChain(site.locales.fallback, holder.locale);
  const titles = await demonstratedTitles(db, holder.id, course);
  const competencies = titles.map((title) => pickText(title, holder.locale, chain));
  const editions = certificateEditions(site, holder.locale, course.data.title, titles);
  const { certificate, issuedNow } = await issueCertificate(
    db,
    { ...certificateSubject(holder, course, chain, site.baseUrl), competencies, editions },
    issuerSnapshot(site, holder.locale),
    keys.current,
    now,
  );
  return { complete: true, completedNow: completion.completedNow, certificate, issuedNow };
}
