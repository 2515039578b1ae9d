/** @jsxImportSource hono/jsx */

import { type Context, Hono } from 'hono';
import { partnerState } from '../couples/partner-state.ts';
import { localDate } from '../course/time.ts';
import type { Deps } from '../deps.ts';
import { PreferencesPage, type PreferencesProps } from '../pages/preferences.tsx';
import {
  EraseConfirmPage,
  ErasedPage,
  NothingHerePage,
  when,
} from '../pages/preferences-sections.tsx';
import { SignInOfferPage } from '../pages/sign-in.tsx';
import type { Enrollment } from '../subscribers/enrollment.ts';
import { erase } from '../subscribers/erase.ts';
import { exportOf } from '../subscribers/export.ts';
import { ownerOfToken } from '../subscribers/lookup.ts';
import {
  type ChangeOutcome,
  saveCheckins,
  saveSettings,
  stopCheckins,
} from '../subscribers/preferences.ts';
import { restart, resume, takeBreak } from '../subscribers/preferences-break.ts';
import {
  parseBreakUntil,
  parseCheckins,
  parseSettings,
  text,
} from '../subscribers/preferences-input.ts';
import { unsubscribe } from '../subscribers/unsubscribe.ts';
import { readBody } from './body.ts';
import { signedIn } from './session-cookie.ts';

/** Private pages: never cached by a browser or a proxy. */
const PRIVATE = { 'Cache-Control': 'no-store' };

/**
 * The subscriber's own page, reached from any email's link (any delivery token of theirs).
 * GET only shows; every change is a POST with an `action`, answered with the page and a
 * sentence saying what happened, or with the same page, what was typed and a 400 when the
 * input was not usable. Changes take effect from the next scheduler pass.
 */
export function preferencesRoutes(deps: Deps) {
  return new Hono()
    .get('/preferences/:token', async (c) => {
      const token = c.req.param('token');
      const owner = await ownerOfToken(deps, token, 'preferences');
      if (!owner) return c.html(<NothingHerePage />, 404, PRIVATE);
      return page(c, { subscriber: owner.subscriber, token });
    })
    .post('/preferences/:token', async (c) => {
      const token = c.req.param('token');
      const body = await readBody(c);
      const owner = await ownerOfToken(deps, token, 'preferences');
      if (!owner) return c.html(<NothingHerePage />, 404, PRIVATE);
      const { subscriber } = owner;
      const id = subscriber.id;
      const action = text(body, 'action');
      // A link alone never downloads or erases: that takes a session of this very subscriber.
      if (action !== null && SIGNED_IN_ONLY.has(action)) {
        const session = await signedIn(c, deps);
        if (session?.id !== subscriber.subscriberId) {
          return c.html(<SignInOfferPage />, 200, PRIVATE);
        }
      }
      const answer = (outcome: ChangeOutcome, notice: (s: typeof subscriber) => string) =>
        outcome.ok
          ? page(c, { token, subscriber: outcome.subscriber, notice: notice(outcome.subscriber) })
          : outcome.reason === 'gone'
            ? c.html(<NothingHerePage />, 404, PRIVATE)
            : page(c, { token, subscriber, notice: NOT_NOW }, 409);

      switch (action) {
        case 'settings': {
          const parsed = parseSettings(body, deps.courses.of(subscriber.courseId));
          if (!parsed.ok) {
            return page(
              c,
              { token, subscriber, errors: parsed.errors, settings: parsed.values },
              400,
            );
          }
          return answer(await saveSettings(deps, id, parsed.value), (s) =>
            s.nextSendAt && s.status === 'active'
              ? `Saved. Your next email arrives on ${when(s.nextSendAt, s.timezone)}.`
              : 'Saved. Changes apply from the next email.',
          );
        }
        case 'break': {
          const parsed = parseBreakUntil(body, localDate(deps.clock(), subscriber.timezone));
          if (!parsed.ok) {
            return page(
              c,
              { token, subscriber, errors: parsed.errors, until: parsed.values.until },
              400,
            );
          }
          return answer(await takeBreak(deps, id, parsed.value.until), (s) =>
            s.pausedUntil
              ? `Saved. You are on a break; emails start again on ${when(s.pausedUntil, s.timezone)}.`
              : 'Saved. You are on a break until you resume.',
          );
        }
        case 'resume':
          return answer(await resume(deps, id), (s) =>
            s.nextSendAt
              ? `Welcome back. Your next email arrives on ${when(s.nextSendAt, s.timezone)}.`
              : 'Welcome back.',
          );
        case 'restart':
          return answer(await restart(deps, id), (s) =>
            s.nextSendAt
              ? `Saved. The course starts again with lesson 1 on ${when(s.nextSendAt, s.timezone)}.`
              : 'Saved. The course starts again with lesson 1.',
          );
        case 'checkins': {
          const parsed = parseCheckins(body);
          if (!parsed.ok) {
            return page(
              c,
              { token, subscriber, errors: parsed.errors, checkins: parsed.values },
              400,
            );
          }
          return answer(await saveCheckins(deps, id, parsed.value), (s) =>
            s.nextCheckinAt
              ? `Saved. Your next check-in arrives on ${when(s.nextCheckinAt, s.timezone)}.`
              : s.checkinDays.length === 0
                ? 'Saved. Check-ins are off.'
                : 'Saved. Check-ins start again when your break ends.',
          );
        }
        case 'stop-checkins':
          return answer(await stopCheckins(deps, id), () => 'Saved. Check-ins are off.');
        case 'unsubscribe': {
          await unsubscribe(deps, id, 'preferences page');
          deps.log.info('subscriber.unsubscribed', { subscriber: id, oneClick: false });
          const now = await ownerOfToken(deps, token, 'preferences');
          if (!now) return c.html(<NothingHerePage />, 404, PRIVATE);
          return page(c, {
            token,
            subscriber: now.subscriber,
            notice: 'You are unsubscribed. You will get no more emails from us.',
          });
        }
        case 'export': {
          const data = await exportOf(deps, personOf(subscriber));
          const date = localDate(deps.clock(), subscriber.timezone);
          return c.body(JSON.stringify(data, null, 2), 200, {
            ...PRIVATE,
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Disposition': `attachment; filename="my-data-${date}.json"`,
          });
        }
        case 'erase':
          return c.html(<EraseConfirmPage token={token} />, 200, PRIVATE);
        case 'erase-confirmed':
          if (text(body, 'confirm') !== 'erase')
            return c.html(<EraseConfirmPage token={token} />, 400, PRIVATE);
          await erase(deps, personOf(subscriber));
          return c.html(<ErasedPage />, 200, PRIVATE);
        default:
          return page(
            c,
            {
              token,
              subscriber,
              notice: 'That form could not be understood; nothing was changed.',
            },
            400,
          );
      }
    });

  async function page(
    c: Context,
    props: Omit<PreferencesProps, 'course' | 'now'>,
    status: 200 | 400 | 409 = 200,
  ) {
    const course = deps.courses.of(props.subscriber.courseId);
    return c.html(
      <PreferencesPage
        course={course}
        now={deps.clock()}
        partner={await partnerState(deps, props.subscriber, course)}
        {...props}
      />,
      status,
      PRIVATE,
    );
  }
}

const SIGNED_IN_ONLY = new Set(['export', 'erase', 'erase-confirmed']);

const NOT_NOW = 'That is not possible right now, so nothing was changed.';

/** The person an enrollment belongs to, as export and erasure take them. */
function personOf(enrollment: Enrollment) {
  return {
    id: enrollment.subscriberId,
    email: enrollment.email,
    name: enrollment.name,
    createdAt: enrollment.createdAt,
  };
}
