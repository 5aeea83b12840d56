/**
 * A person's choice of discussion mail (decision 045): an e-mail for each reply (the default), a
 * daily digest, or none. Saved from the account page; the digest's unsubscribe link sets none.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { DISCUSSION_MAIL_MODES, discussionSettings, type DiscussionMailMode } from '#db/schema.ts';
import { formText } from '#lib/http/forms.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { ActionOutcome } from '#lib/result.ts';

/** The person's choice ("each" until they choose). */
export type { DiscussionMailMode };

export async function mailModeOf(db: Database, userId: string): Promise<DiscussionMailMode> {
  const [row] = await db
    .select({ mail: discussionSettings.mail })
    .from(discussionSettings)
    .where(eq(discussionSettings.userId, userId));
  return row?.mail ?? 'each';
}

export async function setMailMode(db: Database, userId: string, mail: DiscussionMailMode): Promise<void> {
  await db
    .insert(discussionSettings)
    .values({ userId, mail, mailKey: randomBytes(24).toString('base64url') })
    .onConflictDoUpdate({ target: discussionSettings.userId, set: { mail } });
}

function isMailMode(value: string): value is DiscussionMailMode {
  return (DISCUSSION_MAIL_MODES as readonly string[]).includes(value);
}

/** The account page's form (`intent=discussion-mail`, field `mail`). */
export async function runMailChoiceForm(
  db: Database,
  userId: string,
  form: FormData,
): Promise<ActionOutcome<object, MessageKey>> {
  const mail = formText(form, 'mail', 10);
  if (!isMailMode(mail)) return { ok: false, error: 'form.unreadable' };
  await setMailMode(db, userId, mail);
  return { ok: true, message: 'discussion.settings.saved' };
}
