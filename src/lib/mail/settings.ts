/**
 * What the admin page may show of the mail configuration (SMTP_URL, MAIL_FROM): whether mail is
 * sent at all, to which server, and from whom; never the user name or password in the address.
 */

export type MailSettings =
  | { configured: false }
  | {
      configured: true;
      /** `smtps` (TLS from the start) or `smtp` (STARTTLS when the server offers it). */
      protocol: string;
      host: string;
      /** The port written in the address, else the protocol's usual one. */
      port: number;
      /** Whether the address carries credentials (they are not shown). */
      signsIn: boolean;
      from: string;
    }
  | { configured: true; unreadable: true };

export const DEFAULT_MAIL_FROM = 'Oqu <no-reply@localhost>';

/** The mail settings of `SMTP_URL` and `MAIL_FROM`, without credentials. */
export function describeMailSettings(smtpUrl: string | undefined, from: string | undefined): MailSettings {
  if (!smtpUrl) return { configured: false };
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    return { configured: true, unreadable: true };
  }
  const protocol = url.protocol.replace(/:$/, '');
  return {
    configured: true,
    protocol,
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === 'smtps' ? 465 : 587,
    signsIn: url.username !== '' || url.password !== '',
    from: from || DEFAULT_MAIL_FROM,
  };
}
