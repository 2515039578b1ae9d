/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { Course } from '../course/course.ts';
import { momentWithZone } from '../course/human-time.ts';
import { findEnrollment } from '../db/enrollments.ts';
import { firstLessonAt } from '../delivery/plan.ts';
import type { Deps } from '../deps.ts';
import { MessagePage } from '../pages/layout.tsx';
import { type ConfirmOutcome, checkConfirmation, confirm } from '../subscribers/confirm.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';
import { ownerOfToken } from '../subscribers/lookup.ts';

/**
 * GET shows a button and changes nothing: mail scanners follow links, people press buttons.
 */
export function confirmRoutes(deps: Deps) {
  return new Hono()
    .get('/confirm/:token', async (c) => {
      const token = c.req.param('token');
      const state = await checkConfirmation(deps, await ownerOfToken(deps, token, 'confirm'));
      if (state !== 'confirmed') return c.html(<Outcome state={state} />, statusOf(state));
      return c.html(
        <MessagePage title="One last step">
          <p>Press the button to confirm your address and start the course.</p>
          <form method="post" action={`/confirm/${token}`}>
            <button type="submit">Confirm and start</button>
          </form>
        </MessagePage>,
      );
    })
    .post('/confirm/:token', async (c) => {
      const token = c.req.param('token');
      const owner = await ownerOfToken(deps, token, 'confirm');
      const state = await confirm(deps, owner);
      if (state === 'confirmed' && owner) {
        const subscriber = (await findEnrollment(deps.db, owner.subscriber.id)) ?? owner.subscriber;
        return c.html(
          <ConfirmedPage
            subscriber={subscriber}
            course={deps.courses.of(subscriber.courseId)}
            token={await deps.signer.sign(owner.delivery.tokenId, 'preferences')}
            now={deps.clock()}
          />,
          200,
          { 'Cache-Control': 'no-store' },
        );
      }
      return c.html(<Outcome state={state} />, statusOf(state));
    });
}

/** What happens next, on the reader's own clock: when lesson 1 comes, and where to change it. */
function ConfirmedPage(props: {
  subscriber: Enrollment;
  course: Course;
  token: string;
  now: Date;
}) {
  const { subscriber, now } = props;
  const first = firstLessonAt(subscriber, props.course, now);
  return (
    <MessagePage title="You're in">
      <p>Your welcome email is on its way now.</p>
      {first ? (
        <p class="card next-lesson">
          Your first lesson arrives on{' '}
          <strong>{momentWithZone(first, subscriber.timezone, now)}</strong>.
        </p>
      ) : null}
      <p>
        Every email has links to change the time, take a break or stop. You can also change them
        now.
      </p>
      <p>
        <a class="button" href={`/preferences/${props.token}`}>
          Change the time, days or time zone
        </a>
      </p>
    </MessagePage>
  );
}

function statusOf(state: ConfirmOutcome): 200 | 404 | 410 {
  return state === 'invalid' ? 404 : state === 'expired' || state === 'replaced' ? 410 : 200;
}

function Outcome({ state }: { state: ConfirmOutcome }) {
  switch (state) {
    case 'confirmed':
      return (
        <MessagePage title="You're in">
          <p>
            Your welcome email is on its way. The first lesson arrives tomorrow at the time you
            chose. Every email has links to change the time, take a break or stop.
          </p>
        </MessagePage>
      );
    case 'already':
      return (
        <MessagePage title="Already confirmed">
          <p>This address is already confirmed; there is nothing more to do.</p>
        </MessagePage>
      );
    case 'expired':
      return (
        <MessagePage title="This link has expired">
          <p>Confirmation links work for seven days. You can sign up again in a moment.</p>
          <p>
            <a class="button" href="/">
              Sign up again
            </a>
          </p>
        </MessagePage>
      );
    case 'replaced':
      return (
        <MessagePage title="This link was replaced">
          <p>
            A newer confirmation email was sent to this address, so this link no longer works.
            Please use the button in the most recent email.
          </p>
          <p>
            If you cannot find it, you can sign up again in ten minutes or so; if you are already
            subscribed, nothing changes.
          </p>
        </MessagePage>
      );
    case 'invalid':
      return (
        <MessagePage title="This link doesn't work">
          <p>
            It may be incomplete (some email apps cut long links) or no longer valid. You can sign
            up again; if you are already subscribed, nothing changes.
          </p>
          <p>
            <a class="button" href="/">
              Go to the signup page
            </a>
          </p>
        </MessagePage>
      );
  }
}
