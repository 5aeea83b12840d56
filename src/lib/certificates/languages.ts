/**
 * The languages a certificate is printed in (decision 048): the site configuration's list, with
 * `holder` standing for the holder's own language, each language once, first on top.
 */
import type { CertificateRow } from '#db/schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';

/** An entry of `certificate.languages`: a language, or the holder's. */
export type CertificateLanguageChoice = Locale | 'holder';

/** `[kk, holder]` for an English holder is `[kk, en]`; for a Kazakh holder just `[kk]`. */
export function certificateLanguages(choice: readonly CertificateLanguageChoice[], holder: Locale): Locale[] {
  return [...new Set(choice.map((l) => (l === 'holder' ? holder : l)))];
}

/** What a certificate says in one language, as issued. */
export interface CertificateWords {
  locale: Locale;
  courseTitle: string;
  issuerName: string;
  competencies: readonly string[];
}

/**
 * The words a reader of `reader` sees on the verify page: the certificate's own in the reader's
 * language when it was issued in it, else in the holder's language (its main columns).
 */
export function certificateWordsFor(
  certificate: Pick<CertificateRow, 'locale' | 'courseTitle' | 'issuerName' | 'competencies' | 'editions'>,
  reader: Locale,
): CertificateWords {
  const edition = certificate.editions?.find((e) => e.locale === reader);
  if (edition) return edition;
  return {
    locale: certificate.locale,
    courseTitle: certificate.courseTitle,
    issuerName: certificate.issuerName,
    competencies: certificate.competencies ?? [],
  };
}
