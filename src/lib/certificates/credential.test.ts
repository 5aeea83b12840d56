import { describe, expect, it } from 'vitest';
import { buildCredential, hashEmail, newCredentialIdentity, toDateTimeZ, type CredentialAward } from './credential.ts';
import { buildRevocationList, isRevoked } from './verify.ts';
import { formatHours, formatIssueDate } from './texts.ts';

const issuer = { baseUrl: 'https://oqu.example.kz', name: 'Қалалық даму орталығы', url: 'https://example.org/' };
const award: CredentialAward = {
  code: '7K3M-Q9XD-2HFT',
  holderName: 'Әлия Қасымқызы Нұрланова',
  email: 'Aliya@Example.kz',
  courseSlug: 'social-entrepreneurship',
  courseTitle: 'Әлеуметтік кәсіпкерлік негіздері',
  hours: 24,
  issuedAt: new Date('2026-11-27T10:00:00.789Z'),
  locale: 'kk',
};
const identity = { salt: 'Kosher', subjectId: 'urn:uuid:5b6d2c1e-0c1a-4a52-9a53-0c0f7a1c9e11' };

describe('hashEmail', () => {
  it('matches the example in the OB 3.0 spec', () => {
    expect(hashEmail('a@example.com', 'Kosher')).toBe(
      'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399',
    );
  });
  it('ignores case and surrounding space in the address', () => {
    expect(hashEmail(' A@Example.COM ', 'Kosher')).toBe(hashEmail('a@example.com', 'Kosher'));
  });
});

describe('buildCredential', () => {
  const vc = buildCredential(award, issuer, identity);

  it('is an OpenBadgeCredential in VC 2.0 form with stable URLs', () => {
    expect(vc['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.id).toBe('https://oqu.example.kz/certificates/7K3M-Q9XD-2HFT.json');
    expect(vc.issuer).toEqual({
      id: 'https://oqu.example.kz/issuer.json',
      type: ['Profile'],
      name: 'Қалалық даму орталығы',
      url: 'https://example.org/',
    });
    expect(vc.validFrom).toBe('2026-11-27T10:00:00Z');
    expect(vc.credentialStatus).toEqual({
      id: 'https://oqu.example.kz/certificates/7K3M-Q9XD-2HFT/status',
      type: '1EdTechRevocationList',
    });
  });

  it('names the holder and hashes the e-mail', () => {
    const [email, name] = vc.credentialSubject.identifier;
    expect(email).toEqual({
      type: 'IdentityObject',
      identityType: 'emailAddress',
      hashed: true,
      salt: 'Kosher',
      identityHash: hashEmail('aliya@example.kz', 'Kosher'),
    });
    expect(name).toEqual({
      type: 'IdentityObject',
      identityType: 'name',
      hashed: false,
      identityHash: 'Әлия Қасымқызы Нұрланова',
    });
    expect(JSON.stringify(vc)).not.toContain('aliya@example.kz');
    expect(JSON.stringify(vc).toLowerCase()).not.toContain('aliya@example.kz');
    expect(vc.credentialSubject.id).toBe(identity.subjectId);
  });

  it('describes the course in the certificate language, with its hours', () => {
    const a = vc.credentialSubject.achievement;
    expect(a).toMatchObject({
      id: 'https://oqu.example.kz/courses/social-entrepreneurship#achievement',
      type: ['Achievement'],
      achievementType: 'CertificateOfCompletion',
      name: 'Әлеуметтік кәсіпкерлік негіздері',
      creditsAvailable: 24,
      inLanguage: 'kk',
    });
    expect(a.description).toContain('24 сағат');
    expect(a.criteria.narrative).toMatch(/сабақ/);
    expect(vc.name).toBe('Курсты аяқтағаны туралы сертификат: Әлеуметтік кәсіпкерлік негіздері');
    expect(vc.credentialSubject.creditsEarned).toBe(24);
    const ru = buildCredential(
      { ...award, locale: 'ru', courseTitle: 'Основы социального предпринимательства', hours: 21 },
      issuer,
      identity,
    );
    expect(ru.description).toBe('Выдаётся за прохождение курса «Основы социального предпринимательства» (21 час).');
  });

  it('takes the course description and criteria when given', () => {
    const own = buildCredential({ ...award, courseDescription: 'About.', criteria: 'Do it.' }, issuer, identity);
    expect(own.credentialSubject.achievement.description).toBe('About.');
    expect(own.credentialSubject.achievement.criteria.narrative).toBe('Do it.');
  });
});

describe('newCredentialIdentity', () => {
  it('makes a fresh salt and urn:uuid each time', () => {
    const a = newCredentialIdentity();
    const b = newCredentialIdentity();
    expect(a.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(a.subjectId).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(a.salt).not.toBe(b.salt);
    expect(a.subjectId).not.toBe(b.subjectId);
  });
});

describe('toDateTimeZ', () => {
  it('drops milliseconds so the JWT nbf can equal validFrom', () => {
    expect(toDateTimeZ(new Date('2026-01-02T03:04:05.999Z'))).toBe('2026-01-02T03:04:05Z');
  });
});

describe('buildRevocationList', () => {
  it('lists nothing while valid and the credential once revoked', () => {
    const valid = buildRevocationList('https://oqu.example.kz', '7K3M-Q9XD-2HFT');
    expect(valid).toEqual({
      id: 'https://oqu.example.kz/certificates/7K3M-Q9XD-2HFT/status',
      issuer: 'https://oqu.example.kz/issuer.json',
      revokedCredential: [],
    });
    expect(isRevoked(valid, 'https://oqu.example.kz/certificates/7K3M-Q9XD-2HFT.json')).toBe(false);
    const revoked = buildRevocationList('https://oqu.example.kz', '7K3M-Q9XD-2HFT', { reason: 'Issued in error' });
    expect(revoked.revokedCredential).toEqual([
      { id: 'https://oqu.example.kz/certificates/7K3M-Q9XD-2HFT.json', revocationReason: 'Issued in error' },
    ]);
    expect(isRevoked(revoked, 'https://oqu.example.kz/certificates/7K3M-Q9XD-2HFT.json')).toBe(true);
  });
});

describe('certificate texts', () => {
  it('puts hours in the right plural', () => {
    expect(['en', 'ru', 'kk'].map((l) => formatHours(1, l as 'en'))).toEqual(['1 hour', '1 час', '1 сағат']);
    expect([2, 5, 21, 1.5].map((n) => formatHours(n, 'ru'))).toEqual(['2 часа', '5 часов', '21 час', '1,5 часа']);
    expect(formatHours(24, 'en')).toBe('24 hours');
  });
  it('writes the date in Kazakhstan time and the certificate language', () => {
    const late = new Date('2026-11-27T20:30:00Z'); // already 28 November in Almaty (UTC+5)
    expect(formatIssueDate(late, 'en')).toBe('November 28, 2026');
    expect(formatIssueDate(late, 'ru')).toBe('28 ноября 2026 г.');
    expect(formatIssueDate(late, 'kk')).toBe('2026 ж. 28 қараша');
  });
});
