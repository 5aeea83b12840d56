/**
 * A certificate link pasted where a credential was expected: the address on a printed QR code
 * (`/verify/{code}`), the credential's or PDF's address (`/certificates/{code}.json`, `.pdf`), or
 * the form with a typed code (`/{language}/verify?code=`). Pure: which host it names and which code.
 */
import { normalizeCertificateCode } from './code.ts';

export interface PastedLink {
  /** The host the link points to (`https://oqu.example.kz`). */
  origin: string;
  /** The certificate's code, or null when the link names none. */
  code: string | null;
}

const CODE_IN_PATH = /^\/(?:(?:kk|ru|en)\/)?(?:verify|certificates)\/([^/]+?)(?:\.json|\.pdf|\/status)?\/?$/;
const FORM = /^\/(?:(?:kk|ru|en)\/)?verify\/?$/;

/** The link in `text`, or null when the text is not one http(s) address (a credential, say). */
export function certificateLink(text: string): PastedLink | null {
  const trimmed = text.trim();
  if (!/^https?:\/\/\S+$/i.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  const raw = CODE_IN_PATH.exec(url.pathname)?.[1] ?? (FORM.test(url.pathname) ? url.searchParams.get('code') : null);
  return { origin: url.origin, code: raw === null ? null : normalizeCertificateCode(decoded(raw)) };
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
