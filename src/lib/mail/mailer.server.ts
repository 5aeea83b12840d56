/**
 * Sending e-mail. With SMTP configured, nodemailer delivers; without it, the log says that a
 * message to whom, about what, was not sent, and never its body: bodies carry live
 * password and invitation links, and logs are read, copied and kept by more people than
 * the recipient (a 20,000-row cohort import once wrote 20,000 working links there).
 *
 * Environment:
 *   SMTP_URL   e.g. smtps://user:password@smtp.example.kz:465 or smtp://127.0.0.1:25
 *   MAIL_FROM  e.g. "Oqu Almaty <no-reply@oqu.example.kz>" (default: Oqu <no-reply@localhost>)
 */
import nodemailer from 'nodemailer';
import { DEFAULT_MAIL_FROM, describeMailSettings, type MailSettings } from './settings.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Files to attach, e.g. a session's `.ics` invitation. */
  attachments?: { filename: string; content: string; contentType: string }[];
  /** More headers, e.g. `List-Unsubscribe` (RFC 2369) and `List-Unsubscribe-Post` (RFC 8058). */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** `smtp` delivers; `log` only notes in the log that a message was not sent. */
  kind: 'smtp' | 'log';
  send(message: MailMessage): Promise<void>;
}

export interface MailerOptions {
  /** Defaults to env SMTP_URL. */
  smtpUrl?: string;
  /** Defaults to env MAIL_FROM. */
  from?: string;
  /** Where the log mailer writes; defaults to console.info. */
  log?: (text: string) => void;
}

/** A mailer from explicit options or the environment. */
export function createMailer(options: MailerOptions = {}): Mailer {
  const smtpUrl = options.smtpUrl ?? (process.env.SMTP_URL || undefined);
  const from = options.from ?? (process.env.MAIL_FROM || DEFAULT_MAIL_FROM);
  if (!smtpUrl) {
    const log = options.log ?? ((text: string) => console.info(text));
    return {
      kind: 'log',
      async send(message) {
        log(
          `[oqu mail] SMTP_URL is not set, so this e-mail was not sent (its content is not logged).\nTo: ` +
            `${message.to}\nSubject: ${message.subject}`,
        );
      },
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    kind: 'smtp',
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
  };
}

let shared: Mailer | undefined;

/** The process's mailer, configured from the environment on first use. */
export function defaultMailer(): Mailer {
  shared ??= createMailer();
  return shared;
}

/** The environment's mail settings as the admin page shows them (no credentials). */
export function mailSettings(): MailSettings {
  return describeMailSettings(process.env.SMTP_URL || undefined, process.env.MAIL_FROM || undefined);
}
