import type { Enrollment } from '../subscribers/enrollment.ts';
import type { Db } from './database.ts';
import { instant, parseWeekdays } from './enrollment-mapping.ts';
import type { CoupleInvitationRow } from './schema.ts';

/**
 * Links whose both sides' rows are there (`mine` and `theirs`): a crash between writing the
 * two leaves no half link that anyone sees.
 */
function linkedPairs(db: Db) {
  return db
    .selectFrom('couple_links as mine')
    .innerJoin('couple_links as theirs', (join) =>
      join
        .onRef('theirs.enrollment_id', '=', 'mine.partner_id')
        .onRef('theirs.partner_id', '=', 'mine.enrollment_id'),
    );
}

/**
 * The partner's id of a linked enrollment, or null. A link counts only when both sides'
 * rows are there: a crash between writing the two leaves no half link that anyone sees.
 */
export async function partnerOf(db: Db, enrollmentId: number): Promise<number | null> {
  const row = await linkedPairs(db)
    .select('mine.partner_id')
    .where('mine.enrollment_id', '=', enrollmentId)
    .executeTakeFirst();
  return row?.partner_id ?? null;
}

/** Links two enrollments, unless either is linked already. Returns whether it linked. */
export async function link(db: Db, a: number, b: number, now: string): Promise<boolean> {
  const rows = [
    { enrollment_id: a, partner_id: b, linked_at: now },
    { enrollment_id: b, partner_id: a, linked_at: now },
  ];
  const result = await db
    .insertInto('couple_links')
    .values(rows)
    .onConflict((oc) => oc.column('enrollment_id').doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 2) return true;
  // One side was linked to someone else already: undo this link's other half, if written.
  await db
    .deleteFrom('couple_links')
    .where((eb) =>
      eb.or([
        eb.and([eb('enrollment_id', '=', a), eb('partner_id', '=', b), eb('linked_at', '=', now)]),
        eb.and([eb('enrollment_id', '=', b), eb('partner_id', '=', a), eb('linked_at', '=', now)]),
      ]),
    )
    .execute();
  return false;
}

/** Unlinks an enrollment from whoever it is linked to (both sides), silently. */
export async function unlink(db: Db, enrollmentId: number): Promise<void> {
  await db
    .deleteFrom('couple_links')
    .where((eb) =>
      eb.or([eb('enrollment_id', '=', enrollmentId), eb('partner_id', '=', enrollmentId)]),
    )
    .execute();
}

/** How many couples are linked (both sides present), for the console: never who. */
export async function countLinkedCouples(db: Db, courseId?: string): Promise<number> {
  let query = linkedPairs(db)
    .innerJoin('enrollments', 'enrollments.id', 'mine.enrollment_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .whereRef('mine.enrollment_id', '<', 'mine.partner_id');
  if (courseId) query = query.where('enrollments.course_id', '=', courseId);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The inviter's most recent invitation. */
export async function latestInvitation(
  db: Db,
  inviterId: number,
): Promise<CoupleInvitationRow | undefined> {
  return db
    .selectFrom('couple_invitations')
    .selectAll()
    .where('inviter_id', '=', inviterId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertInvitation(
  db: Db,
  row: { inviterId: number; tokenId: string; inviteeHash: string; now: string },
): Promise<void> {
  await db
    .insertInto('couple_invitations')
    .values({
      inviter_id: row.inviterId,
      token_id: row.tokenId,
      invitee_hash: row.inviteeHash,
      created_at: row.now,
    })
    .execute();
}

/** Forgets an invitation whose email could not be sent, so the inviter may try again. */
export async function deleteInvitation(db: Db, tokenId: string): Promise<void> {
  await db.deleteFrom('couple_invitations').where('token_id', '=', tokenId).execute();
}

export async function findInvitationByToken(
  db: Db,
  tokenId: string,
): Promise<CoupleInvitationRow | undefined> {
  return db
    .selectFrom('couple_invitations')
    .selectAll()
    .where('token_id', '=', tokenId)
    .executeTakeFirst();
}

/** Answers a pending invitation (compare-and-set on its state). */
export async function answerInvitation(
  db: Db,
  id: number,
  answer: { state: 'declined' | 'blocked' | 'accepted'; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('couple_invitations')
    .set({ state: answer.state, answered_at: answer.now })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records the enrollment an invitee's signup made (linked once it is confirmed). */
export async function setInvitee(db: Db, id: number, inviteeId: number): Promise<void> {
  await db
    .updateTable('couple_invitations')
    .set({ invitee_id: inviteeId })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

/** The open invitation whose signup made this enrollment, if any. */
export async function invitationOfInvitee(
  db: Db,
  inviteeId: number,
): Promise<CoupleInvitationRow | undefined> {
  return db
    .selectFrom('couple_invitations')
    .selectAll()
    .where('invitee_id', '=', inviteeId)
    .where('state', '=', 'pending')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function blockInvitee(db: Db, hash: string, now: string): Promise<void> {
  await db
    .insertInto('blocked_invitees')
    .values({ email_hash: hash, created_at: now })
    .onConflict((oc) => oc.column('email_hash').doNothing())
    .execute();
}

export async function isInviteeBlocked(db: Db, hashes: readonly string[]): Promise<boolean> {
  if (hashes.length === 0) return false;
  const row = await db
    .selectFrom('blocked_invitees')
    .select('email_hash')
    .where('email_hash', 'in', hashes)
    .executeTakeFirst();
  return row !== undefined;
}

/** Records that `step` waited for the partner (its email says why); once per step. */
export async function recordWait(
  db: Db,
  row: {
    enrollmentId: number;
    step: number;
    reason: 'partner-behind' | 'partner-break';
    now: string;
  },
): Promise<void> {
  await db
    .insertInto('couple_waits')
    .values({
      enrollment_id: row.enrollmentId,
      step: row.step,
      reason: row.reason,
      created_at: row.now,
    })
    .onConflict((oc) => oc.columns(['enrollment_id', 'step']).doNothing())
    .execute();
}

/** The waits recorded for any of `enrollmentIds` (a sending batch's lessons). */
export async function waitsOf(
  db: Db,
  enrollmentIds: readonly number[],
): Promise<{ enrollmentId: number; step: number; reason: 'partner-behind' | 'partner-break' }[]> {
  const rows = [];
  // D1 binds at most 100 parameters a statement.
  for (let start = 0; start < enrollmentIds.length; start += 90) {
    rows.push(
      ...(await db
        .selectFrom('couple_waits')
        .select(['enrollment_id as enrollmentId', 'step', 'reason'])
        .where('enrollment_id', 'in', enrollmentIds.slice(start, start + 90))
        .execute()),
    );
  }
  return rows;
}

/** A linked partner's check-in settings, for sharing check-ins (both sides present). */
export async function checkinPartnerOf(
  db: Db,
  enrollmentId: number,
): Promise<
  | Pick<
      Enrollment,
      'status' | 'courseId' | 'timezone' | 'checkinDays' | 'checkinTime' | 'checkinsTogether'
    >
  | undefined
> {
  const row = await linkedPairs(db)
    .innerJoin('enrollments as p', 'p.id', 'mine.partner_id')
    .select([
      'p.status',
      'p.course_id',
      'p.timezone',
      'p.checkin_days',
      'p.checkin_time',
      'p.checkins_together',
    ])
    .where('mine.enrollment_id', '=', enrollmentId)
    .executeTakeFirst();
  return (
    row && {
      status: row.status,
      courseId: row.course_id,
      timezone: row.timezone,
      checkinDays: parseWeekdays(row.checkin_days),
      checkinTime: row.checkin_time,
      checkinsTogether: row.checkins_together === 1,
    }
  );
}

/** Fixes the question of a shared check-in before its delivery is written (once). */
export async function recordSharedCheckin(
  db: Db,
  row: { enrollmentId: number; messageKey: string; question: number },
): Promise<void> {
  await db
    .insertInto('shared_checkins')
    .values({
      enrollment_id: row.enrollmentId,
      message_key: row.messageKey,
      question: row.question,
    })
    .onConflict((oc) => oc.columns(['enrollment_id', 'message_key']).doNothing())
    .execute();
}

/** The questions of a subscriber's shared check-ins, by message key (for the journal). */
export async function sharedCheckinsOf(db: Db, enrollmentId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('shared_checkins')
    .select(['message_key', 'question'])
    .where('enrollment_id', '=', enrollmentId)
    .execute();
  return new Map(rows.map((row) => [row.message_key, row.question]));
}

/** The question a shared check-in asks, or null for a check-in of one's own. */
export async function sharedCheckinQuestion(
  db: Db,
  enrollmentId: number,
  messageKey: string,
): Promise<number | null> {
  const row = await db
    .selectFrom('shared_checkins')
    .select('question')
    .where('enrollment_id', '=', enrollmentId)
    .where('message_key', '=', messageKey)
    .executeTakeFirst();
  return row?.question ?? null;
}

/** What pacing needs of a partner: their place and schedule, and their last course email. */
export interface PartnerPacing
  extends Pick<
    Enrollment,
    'status' | 'nextStep' | 'nextSendAt' | 'timezone' | 'sendTime' | 'sendDays' | 'courseId'
  > {
  readonly enrollmentId: number;
  readonly partnerId: number;
  /** When the partner's latest welcome, lesson or closing email was due. */
  readonly lastCourseMailAt: Date | null;
}

/** The partners of those of `ids` that are linked (both sides present), for the planner. */
export async function partnersForPacing(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, PartnerPacing>> {
  const found = new Map<number, PartnerPacing>();
  for (let start = 0; start < ids.length; start += 90) {
    const rows = await linkedPairs(db)
      .innerJoin('enrollments as p', 'p.id', 'mine.partner_id')
      .select((eb) => [
        'mine.enrollment_id as enrollmentId',
        'mine.partner_id as partnerId',
        'p.status',
        'p.next_step',
        'p.next_send_at',
        'p.timezone',
        'p.send_time',
        'p.send_days',
        'p.course_id',
        eb
          .selectFrom('deliveries as d')
          .select((inner) => inner.fn.max('d.due_at').as('at'))
          .whereRef('d.enrollment_id', '=', 'p.id')
          .where((w) =>
            w.or([
              w('d.message_key', '=', 'welcome'),
              w('d.message_key', '=', 'closing'),
              w('d.message_key', 'like', 'lesson:%'),
            ]),
          )
          .as('last_course_mail_at'),
      ])
      .where('mine.enrollment_id', 'in', ids.slice(start, start + 90))
      .execute();
    for (const row of rows) {
      found.set(row.enrollmentId, {
        enrollmentId: row.enrollmentId,
        partnerId: row.partnerId,
        status: row.status,
        nextStep: row.next_step,
        nextSendAt: instant(row.next_send_at),
        timezone: row.timezone,
        sendTime: row.send_time,
        sendDays: parseWeekdays(row.send_days),
        courseId: row.course_id,
        lastCourseMailAt: instant(row.last_course_mail_at as string | null),
      });
    }
  }
  return found;
}
