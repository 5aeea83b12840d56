/**
 * The admin's tools against a real migrated database: every user, paged and sorted without a
 * search; certificates found by code, holder, course and status, and revoked from the list's
 * own action; a test e-mail through a real SMTP server on loopback, audited, limited, and
 * refused honestly when mail is not configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificates, users } from '#db/schema.ts';
import { runAdminAction } from '#lib/admin/actions.server.ts';
import { listIssuedCertificates } from '#lib/admin/certificate-list.server.ts';
import { parseCertificateListQuery, parseUserListQuery } from '#lib/admin/listing.ts';
import { listUsers } from '#lib/admin/users.server.ts';
import { listAudit } from '#lib/audit/audit.server.ts';
import { createMailer } from '#lib/mail/mailer.server.ts';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { testSite } from './learning-course.ts';

let t: TestDatabase;
let smtp: TestSmtp;
beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtp();
  const people: [string, string, string, 'learner' | 'trainer' | 'admin', string][] = [
    ['u1', 'zarina@example.kz', 'Зарина Әбілова', 'learner', '2026-03-01'],
    ['u2', 'arman@example.kz', 'Арман Бекұлы', 'trainer', '2026-01-15'],
    ['u3', 'bota@example.kz', 'Бота Серікқызы', 'admin', '2026-02-10'],
    ['u4', 'dana@example.kz', 'Дана Оспан', 'learner', '2026-04-20'],
    ['u5', 'erlan@example.kz', 'Ерлан Тоқтар', 'learner', '2026-05-05'],
  ];
  await t.db.insert(users).values(
    people.map(([id, email, displayName, role, created]) => ({
      id,
      email,
      displayName,
      role,
      passwordHash: 'x',
      locale: 'ru' as const,
      createdAt: new Date(created),
    })),
  );
  const cert = (code: string, userId: string, course: string, title: string, issued: string, extra = {}) => ({
    code,
    userId,
    course,
    locale: 'ru' as const,
    holderName: people.find((p) => p[0] === userId)![2],
    courseTitle: title,
    hours: 4,
    issuedAt: new Date(issued),
    issuerName: 'Oqu',
    signatoryName: 'S',
    signatoryTitle: 'T',
    credential: 'test',
    ...extra,
  });
  await t.db.insert(certificates).values([
    cert('AAAA-BBBB-CCC1', 'u1', 'urbanism', 'Урбанистика', '2026-03-10', { replacedBy: 'AAAA-BBBB-CCC2' }),
    cert('AAAA-BBBB-CCC2', 'u1', 'urbanism', 'Урбанистика', '2026-03-12'),
    cert('AAAA-BBBB-CCC3', 'u4', 'urbanism', 'Урбанистика', '2026-04-25', {
      revokedAt: new Date('2026-04-26'),
      revokedReason: 'ошибка',
    }),
    cert('AAAA-BBBB-CCC4', 'u5', 'social-entrepreneurship', 'Социальное предпринимательство', '2026-05-10'),
  ]);
});
afterAll(async () => {
  await smtp?.close();
  await t?.cleanup();
});

const q = (fields: Record<string, string>) => new URLSearchParams(fields);

describe('listUsers', () => {
  it('lists everyone without a search, newest first, with the total', async () => {
    const { rows, total } = await listUsers(t.db, parseUserListQuery(q({})));
    expect(total).toBe(5);
    expect(rows.map((r) => r.id)).toEqual(['u5', 'u4', 'u1', 'u3', 'u2']);
  });

  it('sorts by name, e-mail and role either way, and pages', async () => {
    const ids = async (fields: Record<string, string>, size?: number) =>
      (await listUsers(t.db, parseUserListQuery(q(fields)), size)).rows.map((r) => r.id);
    expect(await ids({ sort: 'name', dir: 'asc' })).toEqual(['u2', 'u3', 'u4', 'u5', 'u1']);
    expect(await ids({ sort: 'email', dir: 'desc' })).toEqual(['u1', 'u5', 'u4', 'u3', 'u2']);
    expect(await ids({ sort: 'role', dir: 'asc' })).toEqual(['u3', 'u4', 'u5', 'u1', 'u2']);
    expect(await ids({ sort: 'email', dir: 'asc', page: '2' }, 2)).toEqual(['u4', 'u5']);
    expect(await ids({ sort: 'email', dir: 'asc', page: '3' }, 2)).toEqual(['u1']);
  });

  it('still searches, and counts what it found', async () => {
    const found = await listUsers(t.db, parseUserListQuery(q({ q: 'БОТА' })));
    expect(found).toMatchObject({ total: 1, rows: [{ id: 'u3' }] });
  });
});

describe('listIssuedCertificates', () => {
  const codes = async (fields: Record<string, string>) =>
    (await listIssuedCertificates(t.db, parseCertificateListQuery(q(fields)))).rows.map((r) => r.code);

  it('lists every certificate newest first, with its status', async () => {
    const { rows, total } = await listIssuedCertificates(t.db, parseCertificateListQuery(q({})));
    expect(total).toBe(4);
    expect(rows.map((r) => [r.code, r.status])).toEqual([
      ['AAAA-BBBB-CCC4', 'valid'],
      ['AAAA-BBBB-CCC3', 'revoked'],
      ['AAAA-BBBB-CCC2', 'valid'],
      ['AAAA-BBBB-CCC1', 'replaced'],
    ]);
    expect(rows[0]).toMatchObject({ holderName: 'Ерлан Тоқтар', holderEmail: 'erlan@example.kz' });
  });

  it('finds by code (as typed), holder name or e-mail, course title, and status', async () => {
    expect(await codes({ q: 'aaaa bbbb ccc2' })).toEqual(['AAAA-BBBB-CCC2']);
    expect(await codes({ q: 'зарина' })).toEqual(['AAAA-BBBB-CCC2', 'AAAA-BBBB-CCC1']);
    expect(await codes({ q: 'dana@' })).toEqual(['AAAA-BBBB-CCC3']);
    expect(await codes({ q: 'предприним' })).toEqual(['AAAA-BBBB-CCC4']);
    expect(await codes({ status: 'valid' })).toEqual(['AAAA-BBBB-CCC4', 'AAAA-BBBB-CCC2']);
    expect(await codes({ q: 'урбан', status: 'revoked' })).toEqual(['AAAA-BBBB-CCC3']);
  });
});

describe('the test e-mail', () => {
  const actor = { id: 'u3', email: 'bota@example.kz', ip: '127.0.0.1' };
  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    return f;
  };

  it('arrives through SMTP in the admin’s language, and is audited', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Oqu Test <no-reply@oqu.test>' });
    const context = { site: testSite, courses: [], locale: 'ru' as const, mailer };
    const outcome = await runAdminAction(t.db, actor, form({ intent: 'test-mail', to: 'partner@example.kz' }), context);
    expect(outcome).toEqual({ ok: true, message: 'admin.mail_sent', params: { email: 'partner@example.kz' } });
    const mail = await smtp.nextMessage();
    expect(mail.to).toEqual(['partner@example.kz']);
    expect(mail.subject).toContain('тестовое письмо');
    expect(mail.text).toContain('bota@example.kz');
    const audit = await listAudit(t.db, { action: 'mail.test', limit: 10, offset: 0 });
    expect(audit.rows[0]).toMatchObject({ target: 'partner@example.kz', details: { sent: true } });
  });

  it('says so when mail is not configured, refuses a bad address, and stops after ten an hour', async () => {
    const logMailer = createMailer({ smtpUrl: '', log: () => {} });
    const send = (to: string, mailer = logMailer) =>
      runAdminAction(t.db, actor, form({ intent: 'test-mail', to }), { site: testSite, courses: [], mailer });
    expect(await send('partner@example.kz')).toEqual({ ok: false, error: 'admin.mail_not_configured' });
    const mailer = createMailer({ smtpUrl: smtp.url });
    expect(await send('not an address', mailer)).toEqual({ ok: false, error: 'admin.mail_bad_address' });
    for (let i = 0; i < 9; i++) expect(await send('partner@example.kz', mailer)).toMatchObject({ ok: true });
    expect(await send('partner@example.kz', mailer)).toMatchObject({ ok: false, error: 'admin.mail_too_many' });
  });

  it('reports a server that refuses the connection without throwing', async () => {
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:9' });
    const other = { id: 'u2', email: 'arman@example.kz' };
    const outcome = await runAdminAction(t.db, other, form({ intent: 'test-mail', to: 'x@example.kz' }), {
      site: testSite,
      courses: [],
      mailer,
    });
    expect(outcome).toEqual({ ok: false, error: 'admin.mail_failed' });
  });
});
