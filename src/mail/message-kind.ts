/**
 * The message key of a sign-in email. It is no delivery's key: a sign-in link is mailed at
 * once, outside the course's deliveries (src/subscribers/sign-in.ts).
 */
export const SIGN_IN_KEY = 'signin';

/** The rendering a message key calls for: per-reply and per-attempt keys share one. */
export function kindOf(messageKey: string): string {
  if (messageKey.startsWith('confirm:')) return 'confirm';
  if (messageKey.startsWith('saved:')) return 'saved';
  if (messageKey.startsWith('checkin:')) return 'checkin';
  return messageKey;
}

/** The message key of an invitation to take a course together: no delivery's either. */
export const INVITE_KEY = 'invite';
