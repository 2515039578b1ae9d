import {
  answerInvitation,
  blockInvitee,
  deleteInvitation,
  findInvitationByToken,
  insertInvitation,
  invitationOfInvitee,
  isInviteeBlocked,
  latestInvitation,
  link,
  partnerOf,
} from '../db/couples.ts';
import { findEnrollment } from '../db/enrollments.ts';
import type { CoupleInvitationRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { composeInvitation } from '../mail/invitation.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';
import { normalizeEmail } from '../subscribers/signup-input.ts';
import { newTokenId } from '../tokens/token.ts';
import { inviterFirstName, inviterView, isAnswerable, isOpenToInviter } from './invitation.ts';

/** Enrollments that can invite, be linked, and stay linked. */
const TOGETHER = new Set(['active', 'paused', 'completed']);

export type InviteOutcome =
  | 'sent'
  | 'not-offered'
  | 'invalid-address'
  | 'own-address'
  | 'already-linked'
  | 'already-pending';

/**
 * Invites a partner to the inviter's course. The answer never depends on the invitee: an
 * address that blocked invitations gets a recorded (unsent) invitation and the inviter is
 * told "sent" as for any other. The invitation keeps only the address's keyed hash.
 */
export async function invitePartner(
  deps: Deps,
  inviter: Enrollment,
  input: { partnerEmail: string; fromName: string | null },
): Promise<InviteOutcome> {
  const course = deps.courses.byId(inviter.courseId);
  if (!course?.couples || !TOGETHER.has(inviter.status)) return 'not-offered';
  const email = normalizeEmail(input.partnerEmail.slice(0, 320));
  if (!email) return 'invalid-address';
  if (email.toLowerCase() === inviter.email.toLowerCase()) return 'own-address';
  if ((await partnerOf(deps.db, inviter.id)) !== null) return 'already-linked';
  const now = deps.clock();
  const latest = await latestInvitation(deps.db, inviter.id);
  if (latest && latest.state !== 'accepted' && isOpenToInviter(latestFacts(latest), now)) {
    return 'already-pending';
  }
  const hash = await deps.addressHasher(email);
  const previous = await Promise.all((deps.previousAddressHashers ?? []).map((h) => h(email)));
  const tokenId = newTokenId();
  await insertInvitation(deps.db, {
    inviterId: inviter.id,
    tokenId,
    inviteeHash: hash,
    now: now.toISOString(),
  });
  if (await isInviteeBlocked(deps.db, [hash, ...previous])) {
    const invitation = await findInvitationByToken(deps.db, tokenId);
    if (invitation)
      await answerInvitation(deps.db, invitation.id, { state: 'blocked', now: now.toISOString() });
    deps.log.info('couples.invitation_held', { inviter: inviter.id });
    return 'sent';
  }
  const message = await composeInvitation(
    {
      course,
      publicUrl: deps.config.publicUrl,
      mailFrom: deps.config.mailFrom,
      replyDomain: deps.config.replyDomain,
    },
    {
      to: email,
      fromName: inviterFirstName(input.fromName ?? inviter.name),
      discreet: inviter.discreet,
      tokenId,
      token: await deps.signer.sign(tokenId, 'invite'),
    },
  );
  const result = await deps.mailer.send(message);
  if (!result.ok) {
    // Not sent: the inviter may try again rather than wait for an invitation that never left.
    await deleteInvitation(deps.db, tokenId);
    deps.log.warn('couples.invitation_unsent', {
      inviter: inviter.id,
      reason: result.failure.reason,
    });
    return 'invalid-address';
  }
  deps.log.info('couples.invitation_sent', { inviter: inviter.id });
  return 'sent';
}

const latestFacts = (row: CoupleInvitationRow) => ({ state: row.state, createdAt: row.created_at });

/** What the inviter's page shows: "none", "sent" (unanswered, declined or blocked alike), "accepted". */
export async function inviterSees(deps: Pick<Deps, 'db' | 'clock'>, inviterId: number) {
  const latest = await latestInvitation(deps.db, inviterId);
  return inviterView(latest ? latestFacts(latest) : null, deps.clock());
}

export interface OpenInvitation {
  readonly invitation: CoupleInvitationRow;
  readonly inviter: Enrollment;
}

/** The invitation an /invite/<token> link names, while it can still be answered. */
export async function openInvitation(
  deps: Pick<Deps, 'db' | 'signer' | 'clock' | 'courses'>,
  token: string,
): Promise<OpenInvitation | null> {
  const verified = await deps.signer.verify(token, ['invite']);
  if (!verified) return null;
  const invitation = await findInvitationByToken(deps.db, verified.id);
  if (!invitation || !isAnswerable(latestFacts(invitation), deps.clock())) return null;
  const inviter = await findEnrollment(deps.db, invitation.inviter_id);
  if (!inviter || !TOGETHER.has(inviter.status)) return null;
  if (!deps.courses.byId(inviter.courseId)?.couples) return null;
  return { invitation, inviter };
}

export async function declineInvitation(deps: Pick<Deps, 'db' | 'clock'>, open: OpenInvitation) {
  await answerInvitation(deps.db, open.invitation.id, {
    state: 'declined',
    now: deps.clock().toISOString(),
  });
}

/** Declines, and refuses every later invitation to this address (by its keyed hash). */
export async function blockInvitations(deps: Pick<Deps, 'db' | 'clock'>, open: OpenInvitation) {
  const now = deps.clock().toISOString();
  await blockInvitee(deps.db, open.invitation.invitee_hash, now);
  await answerInvitation(deps.db, open.invitation.id, { state: 'blocked', now });
}

/**
 * Links an enrollment that has just been confirmed to the partner who invited it, when its
 * signup came through an invitation that is still open and the inviter can still be linked.
 * The invitation becomes "accepted" only then: all the inviter ever learns.
 */
export async function linkConfirmedInvitee(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  invitee: Enrollment,
): Promise<boolean> {
  const invitation = await invitationOfInvitee(deps.db, invitee.id);
  if (!invitation) return false;
  const inviter = await findEnrollment(deps.db, invitation.inviter_id);
  if (!inviter || !TOGETHER.has(inviter.status) || inviter.courseId !== invitee.courseId) {
    return false;
  }
  const now = deps.clock().toISOString();
  if (!(await link(deps.db, inviter.id, invitee.id, now))) return false;
  await answerInvitation(deps.db, invitation.id, { state: 'accepted', now });
  deps.log.info('couples.linked', { course: invitee.courseId });
  return true;
}
