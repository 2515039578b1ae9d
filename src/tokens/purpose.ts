/**
 * What a link token is for. Each link in an email carries a token signed for one purpose
 * (the HMAC covers `purpose:id`), and each route accepts only its own, so a token copied from
 * one link, or from the Reply-To address, opens nothing else.
 */
export const PURPOSES = [
  'confirm',
  'unsubscribe',
  'preferences',
  'reflect',
  'journal',
  'signin',
  'reply',
  'invite',
] as const;

export type Purpose = (typeof PURPOSES)[number];

/**
 * The one purpose every token had before tokens were scoped: links in emails sent then are
 * signed with it. It still opens what is safe to open with an old link (see LEGACY_OPENS).
 */
export const LEGACY = 'delivery';

export type TokenPurpose = Purpose | typeof LEGACY;

/** The purposes whose tokens appear in an email's body (the reply token is in a header). */
export type LinkPurpose = Exclude<Purpose, 'reply'>;
export const LINK_PURPOSES: readonly LinkPurpose[] = PURPOSES.filter(
  (purpose): purpose is LinkPurpose => purpose !== 'reply',
);

/**
 * What each route accepts. Old links still confirm, unsubscribe, open preferences and the
 * reflection page, and reach the inbound reply handler; an old journal link is accepted only
 * to be answered with the sign-in offer (src/routes/journal.tsx), never with the journal.
 */
export const ACCEPTS = {
  confirm: ['confirm', LEGACY],
  unsubscribe: ['unsubscribe', LEGACY],
  preferences: ['preferences', LEGACY],
  reflect: ['reflect', LEGACY],
  journal: ['journal', LEGACY],
  signin: ['signin'],
  reply: ['reply', LEGACY],
  invite: ['invite'],
} as const satisfies Record<Purpose, readonly TokenPurpose[]>;

/** The links an email of this kind carries. */
export function linkPurposesFor(kind: string): readonly Purpose[] {
  if (kind === 'confirm') return ['confirm'];
  if (kind === 'signin') return ['signin'];
  if (kind === 'invite') return ['invite'];
  return ['unsubscribe', 'preferences', 'reflect', 'journal', 'reply'];
}
