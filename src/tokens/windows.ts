import type { TokenPurpose } from './purpose.ts';

/** How long after its email was sent a journal link opens the journal without a sign-in. */
export const JOURNAL_LINK_DAYS = 7;
/** How long a sign-in link works (once). */
export const SIGN_IN_LINK_MS = 30 * 60_000;
/** How often one address can be sent a sign-in link. */
export const SIGN_IN_EVERY_MS = 5 * 60_000;
/** A session ends this long after it was last used. */
export const SESSION_IDLE_MS = 30 * 60_000;

/**
 * Does a journal link open the journal by itself at `now`? Only a link signed for the
 * journal, in an email sent less than JOURNAL_LINK_DAYS ago: an old (unscoped) link, an
 * unsent email's or an older one leads to the sign-in offer instead.
 */
export function journalLinkOpens(
  link: { purpose: TokenPurpose; sentAt: Date | null },
  now: Date,
): boolean {
  if (link.purpose !== 'journal' || link.sentAt === null) return false;
  // A send time after `now` (a scheduler run with another clock, `tend tick --now`) is
  // within the window: the email is the reader's own and at most that recent.
  return now.getTime() - link.sentAt.getTime() <= JOURNAL_LINK_DAYS * 86_400_000;
}

/** `now` minus `ms`, as the ISO text the database compares. */
export const before = (now: Date, ms: number) => new Date(now.getTime() - ms).toISOString();
