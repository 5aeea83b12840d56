/**
 * What the verify page does with the pasted text: a credential is checked as it stands
 * (foreign.server.ts); a certificate link to this host goes to the code's own page; a link to a
 * trusted host is looked up there, its credential (`/certificates/{code}.json`) fetched through
 * the partner fetcher (byte cap, deadline, no redirects) after the per-address limit allows it,
 * then checked like a pasted one. A link to any other host is not fetched.
 */
import { paths } from '#lib/i18n/urls.ts';
import { verifyAnyCredential, type ForeignCheck, type ForeignVerdict } from './foreign.server.ts';
import { fetchPartnerText, type PartnerAnswer } from './partner-fetch.server.ts';
import { certificateLink } from './pasted-link.ts';
import { isTrustedHost, originOf } from './urls.ts';

export type PastedVerdict =
  | ForeignVerdict
  /** A link to one of this host's certificates: its page answers. */
  | { state: 'own'; code: string }
  /** A link that names no certificate, or a code its host does not know. */
  | { state: 'invalid'; reason: 'not-a-certificate-link' | 'unknown-code'; host?: string };

export interface PastedCheck extends ForeignCheck {
  /** How a partner's credential is fetched (the partner fetcher by default). */
  fetchText?: (url: string) => Promise<PartnerAnswer | null>;
}

export async function verifyPasted(text: string, check: PastedCheck): Promise<PastedVerdict> {
  const link = certificateLink(text);
  if (!link) return verifyAnyCredential(text, check);
  const { origin: host, code } = link;
  if (!code) return { state: 'invalid', reason: 'not-a-certificate-link', host };
  if ([check.ownBaseUrl, ...(check.ownFormerBaseUrls ?? [])].map(originOf).includes(host))
    return { state: 'own', code };
  if (!isTrustedHost(check.trustedHosts, host)) return { state: 'untrusted', host };
  const admitted = (await check.admit?.()) ?? { allowed: true };
  if (!admitted.allowed) return { state: 'limited', retryAfterSeconds: admitted.retryAfterSeconds };
  const fetchText = check.fetchText ?? ((url) => fetchPartnerText(url, { accept: 'application/vc+jwt' }));
  const answer = await fetchText(`${host}${paths.certificateCredential(code)}`);
  if (answer === null) return { state: 'invalid', reason: 'unreachable', host };
  if ('status' in answer)
    return { state: 'invalid', reason: answer.status === 404 ? 'unknown-code' : 'unreachable', host };
  // One check of the per-address limit covers this lookup and the keys and status it leads to.
  return verifyAnyCredential(answer.text, { ...check, admit: undefined });
}
