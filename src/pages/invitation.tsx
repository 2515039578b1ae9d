/** @jsxImportSource hono/jsx */
import type { Course } from '../course/course.ts';
import { MessagePage } from './layout.tsx';

/** The invitation itself: what it is, and the three answers (each a button, a POST). */
export function InvitationPage(props: { token: string; course: Course; discreet: boolean }) {
  const { course, discreet } = props;
  const what = discreet ? 'a short series of emails' : course.title;
  return (
    <MessagePage title="An invitation">
      <p>
        You were invited to take {what} together with the person who sent it. Each of you gets the
        same lesson on the same day, at the time you choose, and keeps a private journal.
      </p>
      <p>
        Nothing you write is shared unless you tick “share with my partner” on a reflection, and
        then only once you have both shared for that lesson. Either of you can unlink at any time,
        silently.
      </p>
      <CouplesSafety course={course} class="card" />
      <form method="post" action={`/invite/${props.token}`}>
        <button type="submit" name="action" value="accept">
          Accept and choose my settings
        </button>
      </form>
      <form method="post" action={`/invite/${props.token}`}>
        <button type="submit" name="action" value="decline" class="secondary">
          No, thank you
        </button>
      </form>
      <form method="post" action={`/invite/${props.token}`}>
        <button type="submit" name="action" value="block" class="secondary">
          Never invite this address again
        </button>
      </form>
      <p class="muted">Whatever you choose, the sender is not told that you declined.</p>
    </MessagePage>
  );
}

/**
 * The course's own safety note on couples mode (course.yaml `couples_safety`), with the
 * help link, as every couples page carries it. Nothing for a course without couples mode.
 */
export function CouplesSafety(props: { course: Course; class: string }) {
  if (!props.course.couplesSafety) return null;
  return (
    <p class={props.class}>
      {props.course.couplesSafety} <a href="/help">Find help</a>
    </p>
  );
}

export function InvitationAnsweredPage(props: { blocked: boolean }) {
  return (
    <MessagePage title={props.blocked ? 'No more invitations' : 'Declined'}>
      <p>
        {props.blocked
          ? 'This address will not be sent another invitation. The sender is not told.'
          : 'You declined the invitation. The sender is not told, and you are not subscribed to anything.'}
      </p>
    </MessagePage>
  );
}

export function InvitationGonePage() {
  return (
    <MessagePage title="This invitation is not open">
      <p>
        It may have been answered already, have expired, or the link may be incomplete. You are not
        subscribed to anything.
      </p>
    </MessagePage>
  );
}
