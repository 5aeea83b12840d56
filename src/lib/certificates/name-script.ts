/**
 * Which characters a holder's name may use: those the certificate prints. The name is set in
 * DejaVu Serif Bold (fonts.ts), which covers Latin, Cyrillic (every Kazakh, Russian, Ukrainian,
 * Uzbek, Kyrgyz and Tatar letter) and modern Greek, but not Arabic script (used for Kazakh in
 * China) or Chinese: such a name would print as empty boxes on a certificate that can never be
 * changed. pdf-lib also cannot shape Arabic or set right-to-left text, so a fallback font alone
 * would still print it wrongly. See docs/decisions/015-certificate-names-and-holder-identity.md.
 *
 * The ranges below are DejaVu Serif Bold's coverage of those scripts (its gaps, e.g. historic
 * Cyrillic, left out); name-script.test.ts checks every allowed character against the font.
 */
const LATIN = 'A-Za-z\\u00A0-\\u00AC\\u00AE-\\u024F\\u02BC\\u1E00-\\u1EFB';
const CYRILLIC =
  '\\u0400-\\u045F\\u0462-\\u0465\\u046A-\\u046D\\u0470-\\u0477\\u048C-\\u048D\\u0490-\\u049B' +
  '\\u049E-\\u04A7\\u04AA-\\u04B7\\u04BA-\\u04BB\\u04C0-\\u04C4\\u04C7-\\u04C8' +
  '\\u04CB-\\u04CC\\u04CF-\\u04F9\\u0510-\\u0515\\u051A-\\u051D';
const GREEK = '\\u0386\\u0388-\\u038A\\u038C\\u038E-\\u03A1\\u03A3-\\u03CE';
/**
 * Printable ASCII (spaces, apostrophes, hyphens, dots; also `<` and `=`, which are escaped where shown) and typographic
 * punctuation.
 */
const PUNCTUATION = '\\u0020-\\u007E\\u2010-\\u2026\\u2030-\\u203A';

/** Matches a name every character of which the certificate font can print. */
export const PRINTABLE_NAME = new RegExp(`^[${LATIN}${CYRILLIC}${GREEK}${PUNCTUATION}]+$`, 'u');
