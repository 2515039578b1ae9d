import type { Hono } from 'hono';
import { createApp } from '../../src/app.ts';
import type { TestDeps } from '../support/deps.ts';
import { emailsTo, form, messageOf, subscribeAndConfirm, tokenOf } from '../support/flows.ts';

/** The preferences token of the latest email to `address` that has one. */
export function preferencesToken(deps: TestDeps, address: string): string {
  const email = emailsTo(deps, address)
    .filter((e) => /\/preferences\//.test(e.text))
    .at(-1);
  if (!email) throw new Error(`no email with a preferences link to ${address}`);
  return tokenOf(email, 'preferences');
}

export function invite(
  app: Hono,
  token: string,
  partnerEmail: string,
  fromName = '',
  init: { from?: string } = {},
) {
  const request = form({ action: 'invite', partner_email: partnerEmail, from_name: fromName });
  return app.request(
    `/preferences/${token}/partner`,
    request,
    init.from ? { incoming: { socket: { remoteAddress: init.from } } } : undefined,
  );
}

export function invitationTo(deps: TestDeps, address: string) {
  return emailsTo(deps, address)
    .filter((e) => messageOf(e) === 'invite')
    .at(-1);
}

interface Partner {
  email: string;
  timezone?: string;
  send_time?: string;
  name?: string;
  discreet?: string;
}

/**
 * Two partners of the same course, linked through the routes as people would: A signs up
 * and invites B; B accepts, signs up with their own settings and confirms.
 */
export async function linkedCouple(
  deps: TestDeps,
  a: Partner,
  b: Partner,
  app: Hono = createApp(deps),
  /** Runs after A has confirmed and before A invites B (A alone for a while). */
  between?: () => Promise<void>,
) {
  await subscribeAndConfirm(deps, a, app);
  await between?.();
  const aToken = preferencesToken(deps, a.email);
  const sent = await invite(app, aToken, b.email, 'Sam');
  if (sent.status !== 200) throw new Error(`invite answered ${sent.status}`);
  const invitation = invitationTo(deps, b.email);
  if (!invitation) throw new Error('no invitation');
  const token = tokenOf(invitation, 'invite');
  const joined = await app.request(
    `/invite/${token}/join`,
    form({ role: 'broke', timezone: 'UTC', send_time: '08:00', name: 'Ben', ...b }),
  );
  if (joined.status !== 303) throw new Error(`join answered ${joined.status}`);
  const confirmation = emailsTo(deps, b.email).at(-1);
  if (!confirmation) throw new Error('no confirmation');
  const confirmed = await app.request(`/confirm/${tokenOf(confirmation)}`, form({}));
  if (confirmed.status !== 200) throw new Error(`confirm answered ${confirmed.status}`);
  return { app, aToken, bToken: preferencesToken(deps, b.email), inviteToken: token };
}
