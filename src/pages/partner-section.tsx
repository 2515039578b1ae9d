/** @jsxImportSource hono/jsx */
import type { InviterView } from '../couples/invitation.ts';
import type { Course } from '../course/course.ts';
import { CouplesSafety } from './invitation.tsx';

/** What the preferences page knows of couples mode for this reader. */
export interface PartnerState {
  /** The course allows it and this enrollment may use it. */
  readonly offered: boolean;
  readonly linked: boolean;
  /** The latest invitation as the inviter may see it: never declined or blocked. */
  readonly invitation: InviterView;
}

export const PARTNER_ANCHOR = 'partner';

/**
 * Taking the course together: invite (one address, and optionally the first name the
 * invitation shows), see "sent" or "accepted", unlink. Unlinking asks nobody and tells
 * nobody; the partner's pages simply stop showing anything shared.
 */
export function PartnerSection(props: { token: string; partner: PartnerState; course: Course }) {
  const { partner, token } = props;
  if (!partner.offered) return null;
  const action = `/preferences/${token}/partner`;
  return (
    <section class="card" id={PARTNER_ANCHOR} aria-labelledby="partner-heading">
      <h2 id="partner-heading">Take the course together</h2>
      <CouplesSafety course={props.course} class="muted" />
      {partner.linked ? (
        <>
          <p>
            You are taking the course with your partner: you get each lesson on the same day. Only
            reflections you both shared for a lesson are shown to each other.
          </p>
          <form method="post" action={action}>
            <button type="submit" name="action" value="unlink" class="secondary">
              Unlink
            </button>
          </form>
          <p class="muted">
            Unlinking is immediate and silent: nothing more is shared, what was shared is hidden
            again, and each of you goes on alone.
          </p>
        </>
      ) : partner.invitation === 'sent' ? (
        <p>Your invitation was sent. You will see here when it is accepted.</p>
      ) : (
        <form method="post" action={action}>
          {partner.invitation === 'accepted' ? (
            <p>Your last invitation was accepted, and you are no longer linked.</p>
          ) : null}
          <label for="partner_email">Your partner’s email address</label>
          <input id="partner_email" name="partner_email" type="email" maxlength={254} required />
          <label for="from_name">Your first name, shown as “from …” (optional)</label>
          <input id="from_name" name="from_name" type="text" maxlength={40} />
          <p class="muted">
            They get one email with a link; nothing is set up unless they accept and confirm their
            own address. No message of yours is added to it.
          </p>
          <button type="submit" name="action" value="invite">
            Send the invitation
          </button>
        </form>
      )}
    </section>
  );
}
