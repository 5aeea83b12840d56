/**
 * How a holder is named in the credential others download. The stored credential (signed at
 * issue) carries the e-mail as a salted hash, with its salt beside it as Open Badges requires:
 * the salt stops precomputed tables, not guessing, so anyone holding the credential who
 * guesses the address can confirm it. A holder who chooses `opaque` gets the credential served
 * without that identifier: only the random `credentialSubject.id` and the printed name remain.
 *
 * The served credential is derived from the stored one when it is asked for, so a change of
 * choice applies to the next download (files already downloaded keep what they had). Re-signing
 * is deterministic (RS256 is PKCS#1 v1.5), so the same choice and key give the same token.
 */
import { decodeJwt } from 'jose';
import { signCredential, type OpenBadgeCredential } from './credential.ts';
import type { SigningKey } from './keys.ts';

export const CREDENTIAL_SUBJECT_CHOICES = ['email', 'opaque'] as const;
export type CredentialSubjectChoice = (typeof CREDENTIAL_SUBJECT_CHOICES)[number];

/** The credential without its e-mail identifier (the name and the random subject id stay). */
export function withoutEmailIdentity(credential: OpenBadgeCredential): OpenBadgeCredential {
  const identifier = credential.credentialSubject.identifier.filter((i) => i.identityType !== 'emailAddress');
  return { ...credential, credentialSubject: { ...credential.credentialSubject, identifier } };
}

/** The VC-JWT to serve for a stored one under the holder's choice. */
export async function servedCredentialJwt(
  storedJwt: string,
  choice: CredentialSubjectChoice,
  key: SigningKey,
  baseUrl: string,
): Promise<string> {
  if (choice === 'email') return storedJwt;
  const credential = decodeJwt(storedJwt).vc as OpenBadgeCredential;
  return signCredential(withoutEmailIdentity(credential), key, baseUrl);
}
