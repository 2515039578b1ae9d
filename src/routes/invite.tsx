/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import {
  blockInvitations,
  declineInvitation,
  type OpenInvitation,
  openInvitation,
} from '../couples/invite.ts';
import { setInvitee } from '../db/couples.ts';
import { findEnrollmentByEmail } from '../db/enrollments.ts';
import { sendConfirmations } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import {
  InvitationAnsweredPage,
  InvitationGonePage,
  InvitationPage,
} from '../pages/invitation.tsx';
import { SignupPage } from '../pages/signup.tsx';
import { signUp } from '../subscribers/signup.ts';
import { parseSignup } from '../subscribers/signup-input.ts';
import { readBody } from './body.ts';
import { rateLimit } from './rate-limit.tsx';

const PRIVATE = { 'Cache-Control': 'no-store' };

/**
 * An invitation to take a course together. GET shows it and changes nothing (mail scanners
 * follow links); POST answers it: `accept` shows the course's signup form, where the invitee
 * chooses their own role, zone, time and discretion and confirms their own address (the
 * link is made at that confirmation); `decline`; `block` (no more invitations to this
 * address). The inviter is told only of an acceptance.
 */
export function inviteRoutes(deps: Deps) {
  const signupForm = (token: string, open: OpenInvitation, extra = {}) => (
    <SignupPage
      course={deps.courses.of(open.inviter.courseId)}
      defaultTimezone={deps.config.defaultTimezone}
      action={`/invite/${token}/join`}
      intro="Choose your own time and settings. Your journal stays private: nothing is shared unless you tick “share with my partner” on a reflection."
      {...extra}
    />
  );
  return new Hono()
    .get('/invite/:token', async (c) => {
      const token = c.req.param('token');
      const open = await openInvitation(deps, token);
      if (!open) return c.html(<InvitationGonePage />, 404, PRIVATE);
      return c.html(
        <InvitationPage
          token={token}
          course={deps.courses.of(open.inviter.courseId)}
          discreet={open.inviter.discreet}
        />,
        200,
        PRIVATE,
      );
    })
    .post('/invite/:token', async (c) => {
      const token = c.req.param('token');
      const body = await readBody(c);
      const open = await openInvitation(deps, token);
      if (!open) return c.html(<InvitationGonePage />, 404, PRIVATE);
      switch (body.action) {
        case 'accept':
          return c.html(signupForm(token, open), 200, PRIVATE);
        case 'decline':
          await declineInvitation(deps, open);
          return c.html(<InvitationAnsweredPage blocked={false} />, 200, PRIVATE);
        case 'block':
          await blockInvitations(deps, open);
          return c.html(<InvitationAnsweredPage blocked />, 200, PRIVATE);
        default:
          return c.html(
            <InvitationPage
              token={token}
              course={deps.courses.of(open.inviter.courseId)}
              discreet={open.inviter.discreet}
            />,
            400,
            PRIVATE,
          );
      }
    })
    .post('/invite/:token/join', rateLimit(deps, 'signup'), async (c) => {
      const token = c.req.param('token');
      const body = await readBody(c);
      const open = await openInvitation(deps, token);
      if (!open) return c.html(<InvitationGonePage />, 404, PRIVATE);
      const course = deps.courses.of(open.inviter.courseId);
      // The invitation's course, whatever the form says.
      const parsed = parseSignup(
        { ...body, course: course.id },
        { timezone: deps.config.defaultTimezone, courses: deps.courses },
      );
      if (!parsed.ok) {
        const values = {
          email: typeof body.email === 'string' ? body.email.slice(0, 254) : '',
          name: typeof body.name === 'string' ? body.name.slice(0, 60) : '',
        };
        return c.html(signupForm(token, open, { values, errors: parsed.errors }), 400, PRIVATE);
      }
      if (await signUp(deps, parsed.value)) await sendConfirmations(deps, deps.clock());
      const invitee = await findEnrollmentByEmail(deps.db, parsed.value.email, course.id);
      if (invitee && invitee.status === 'pending' && invitee.courseId === course.id) {
        await setInvitee(deps.db, open.invitation.id, invitee.id);
      }
      return c.redirect('/check-your-inbox', 303);
    });
}
