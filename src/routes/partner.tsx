/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { type InviteOutcome, invitePartner } from '../couples/invite.ts';
import { partnerState } from '../couples/partner-state.ts';
import { unlink } from '../db/couples.ts';
import type { Deps } from '../deps.ts';
import { PreferencesPage } from '../pages/preferences.tsx';
import { NothingHerePage } from '../pages/preferences-sections.tsx';
import { ownerOfToken } from '../subscribers/lookup.ts';
import { text } from '../subscribers/preferences-input.ts';
import { readBody } from './body.ts';
import { rateLimit } from './rate-limit.tsx';

const PRIVATE = { 'Cache-Control': 'no-store' };

const SAID: Record<InviteOutcome, { notice: string; status: 200 | 400 | 409 }> = {
  sent: { notice: 'Your invitation was sent.', status: 200 },
  'not-offered': { notice: 'This course cannot be taken together.', status: 409 },
  'invalid-address': {
    notice: 'That address could not be used; please check it and try again.',
    status: 400,
  },
  'own-address': { notice: 'That is your own address; please give your partner’s.', status: 400 },
  'already-linked': { notice: 'You are already taking the course together.', status: 409 },
  'already-pending': {
    notice: 'You already have an invitation out. You can send another two weeks after it.',
    status: 409,
  },
};

/**
 * The couples part of the preferences page: invite (rate-limited like every form that sends
 * mail, and one open invitation at a time) and unlink (at once, asking and telling nobody).
 */
export function partnerRoutes(deps: Deps) {
  return new Hono().post('/preferences/:token/partner', rateLimit(deps, 'invite'), async (c) => {
    const token = c.req.param('token');
    const body = await readBody(c);
    const owner = await ownerOfToken(deps, token, 'preferences');
    if (!owner) return c.html(<NothingHerePage />, 404, PRIVATE);
    const { subscriber } = owner;
    const course = deps.courses.of(subscriber.courseId);
    let said: { notice: string; status: 200 | 400 | 409 };
    switch (text(body, 'action')) {
      case 'invite':
        said =
          SAID[
            await invitePartner(deps, subscriber, {
              partnerEmail: text(body, 'partner_email') ?? '',
              fromName: text(body, 'from_name'),
            })
          ];
        break;
      case 'unlink':
        await unlink(deps.db, subscriber.id);
        deps.log.info('couples.unlinked', { course: subscriber.courseId });
        said = { notice: 'Unlinked. Nothing more is shared, and you go on alone.', status: 200 };
        break;
      default:
        said = { notice: 'That form could not be understood; nothing was changed.', status: 400 };
    }
    return c.html(
      <PreferencesPage
        course={course}
        now={deps.clock()}
        token={token}
        subscriber={subscriber}
        notice={said.notice}
        partner={await partnerState(deps, subscriber, course)}
      />,
      said.status,
      PRIVATE,
    );
  });
}
