/** @jsxImportSource hono/jsx */

import { Hono } from 'hono';
import {
  actionsFor,
  isSubscriberAction,
  runSubscriberAction,
} from '../admin/subscriber-actions.ts';
import { isLessonKey } from '../course/message-key.ts';
import { deliverySummaries, reflectionCountOf } from '../db/admin-subscribers.ts';
import { enrollmentsOf, findEnrollment } from '../db/enrollments.ts';
import { findSubscriberByEmail } from '../db/subscribers.ts';
import type { Deps } from '../deps.ts';
import {
  EraseConfirmPage,
  LookupPage,
  SubscriberPage,
  type SubscriberView,
} from '../pages/admin-subscribers.tsx';
import type { Enrollment } from '../subscribers/enrollment.ts';
import { normalizeEmail } from '../subscribers/signup-input.ts';
import { readBody } from './body.ts';

/** Subscriber lookup by address, and the operator's actions on one subscriber. */
export function adminSubscriberRoutes(deps: Deps) {
  async function viewOf(subscriber: Enrollment): Promise<SubscriberView> {
    const [deliveries, reflections] = await Promise.all([
      deliverySummaries(deps.db, subscriber.id),
      reflectionCountOf(deps.db, subscriber.id),
    ]);
    const lessonsSent = deliveries.filter(
      (d) => d.round === subscriber.round && isLessonKey(d.messageKey) && d.sentAt !== null,
    ).length;
    return { subscriber, deliveries, lessonsSent, reflections, actions: actionsFor(subscriber) };
  }

  const subscriberOf = async (id: string) =>
    /^\d{1,15}$/.test(id) ? findEnrollment(deps.db, Number(id)) : undefined;

  return new Hono()
    .get('/subscribers', (c) => c.html(<LookupPage />))
    .post('/subscribers/lookup', async (c) => {
      const body = await readBody(c);
      const raw = typeof body.email === 'string' ? body.email.slice(0, 254) : '';
      const email = normalizeEmail(raw);
      const person = email ? await findSubscriberByEmail(deps.db, email) : undefined;
      const [first] = person ? await enrollmentsOf(deps.db, person.id) : [];
      if (!first) return c.html(<LookupPage email={raw} status="missing" />, 404);
      return c.redirect(`/admin/subscribers/${first.id}`, 303);
    })
    .get('/subscribers/:id', async (c) => {
      const subscriber = await subscriberOf(c.req.param('id'));
      if (!subscriber) return c.html(<LookupPage status="missing" />, 404);
      return c.html(<SubscriberPage view={await viewOf(subscriber)} />);
    })
    .post('/subscribers/:id/:action', async (c) => {
      const action = c.req.param('action');
      const body = await readBody(c);
      const subscriber = await subscriberOf(c.req.param('id'));
      if (!subscriber || !isSubscriberAction(action)) {
        return c.html(<LookupPage status="missing" />, 404);
      }
      if (action === 'erase') {
        const typed = typeof body.confirm === 'string' ? body.confirm.trim() : undefined;
        if (typed !== subscriber.email) {
          return c.html(
            <EraseConfirmPage subscriber={subscriber} mismatch={typed !== undefined} />,
            typed === undefined ? 200 : 400,
          );
        }
        const outcome = await runSubscriberAction(deps, subscriber, action);
        return c.html(<LookupPage notice={outcome.notice} />);
      }
      const outcome = await runSubscriberAction(deps, subscriber, action);
      const fresh = await findEnrollment(deps.db, subscriber.id);
      if (!fresh) return c.html(<LookupPage notice={outcome.notice} />);
      return c.html(
        <SubscriberPage view={await viewOf(fresh)} notice={outcome.notice} />,
        outcome.ok ? 200 : 409,
      );
    });
}
