import type { OutgoingEmail } from './message.ts';
import type { Filling } from './placeholders.ts';

export interface EmailFillings {
  readonly html: Filling;
  readonly text: Filling;
}

const known = new WeakMap<OutgoingEmail, EmailFillings>();

/**
 * Remembers how a composed email's HTML and text were filled in from its variant, so that an
 * adapter can encode the pieces every recipient shares once per variant instead of once per
 * email (src/mail/resend-wire.ts). The email is frozen, and the fillings belong to this very
 * object: a copy with a changed part (`{ ...email, html }`) has none and is encoded whole.
 */
export function withFillings(email: OutgoingEmail, fillings: EmailFillings): OutgoingEmail {
  Object.freeze(email);
  known.set(email, fillings);
  return email;
}

export function fillingsOf(email: OutgoingEmail): EmailFillings | undefined {
  return known.get(email);
}
