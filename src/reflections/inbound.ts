import { isConfirmKey, savedKey } from '../course/message-key.ts';
import { acknowledgementsSince, insertDelivery } from '../db/deliveries.ts';
import { insertEmailReflection } from '../db/reflections.ts';
import { sendDue } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import { emitReflectionAdded } from '../outgoing/reflections.ts';
import { ownerOfToken } from '../subscribers/lookup.ts';
import { newTokenId } from '../tokens/token.ts';
import { isAutoReply } from './auto-reply.ts';
import { promptFor } from './journal.ts';
import { parseReply } from './reply-text.ts';
import { cleanReflection, MAX_REFLECTION_CHARS } from './save.ts';

/** A received email as the provider's receiving API returns it (decoded parts). */
export interface ReceivedEmail {
  readonly from: string;
  readonly to: readonly string[];
  readonly text: string | null;
  readonly html: string | null;
  readonly subject?: string | null;
  /** Header names as the provider gives them (any case). */
  readonly headers?: Readonly<Record<string, string>> | null;
}

/** At most this many "saved to your journal" emails per subscriber in any 24 hours. */
export const MAX_ACKNOWLEDGEMENTS_PER_DAY = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Closes a reflection that a cap shortened, so that the journal says so. */
export const TRUNCATION_NOTE =
  '[Tend kept only the beginning of this reply: the rest was longer than a reply can be.]';

/** Where the full text of a received email comes from (Resend's receiving API). */
export interface InboundSource {
  fetchReceived(emailId: string): Promise<ReceivedEmail | null>;
}

export type ReplyOutcome =
  | 'stored'
  | 'duplicate'
  | 'not-a-reply'
  | 'unknown-token'
  | 'no-prompt'
  | 'auto-reply'
  | 'wrong-sender'
  | 'empty'
  | 'unavailable';

/** The token of the first `reply+<token>@REPLY_DOMAIN` address among the recipients. */
export function replyTokenIn(recipients: readonly string[], replyDomain: string): string | null {
  const domain = replyDomain.toLowerCase();
  for (const recipient of recipients) {
    const address = addressOf(recipient);
    const match = /^reply\+([a-z2-7]+)@(.+)$/.exec(address);
    if (match?.[1] && match[2] === domain) return match[1];
  }
  return null;
}

/** Longer than any real mailbox (RFC 5321 allows 254 for the address). */
const MAX_MAILBOX_CHARS = 1000;

/** The bare, lower-cased address of "Name <addr>" or "addr". */
export function addressOf(mailbox: string): string {
  const capped = mailbox.slice(0, MAX_MAILBOX_CHARS);
  return (/<([^<>]+)>/.exec(capped)?.[1] ?? capped).trim().toLowerCase();
}

/**
 * Stores an email reply as a reflection on the message it answers. The reply address names
 * the subscriber and message; the sender must be that subscriber (anyone can write to a
 * reply address they have seen, and a journal must only hold its owner's words). Only the
 * subscriber's own words are kept (quotes, signatures and HTML removed), encrypted. A
 * provider event delivered twice stores the reply once. Logs carry outcomes, never text.
 */
export async function storeReply(
  deps: Deps,
  event: { emailId: string; from: string; to: readonly string[] },
  source: InboundSource,
): Promise<ReplyOutcome> {
  const token = replyTokenIn(event.to, deps.config.replyDomain);
  if (!token) return 'not-a-reply';
  const owner = await ownerOfToken(deps, token, 'reply');
  if (!owner || isConfirmKey(owner.delivery.messageKey)) return 'unknown-token';
  const { delivery, subscriber } = owner;
  // Only an email that asks for a reflection takes one. A reply to anything else (welcome,
  // closing, an acknowledgement) is dropped unanswered, which is what keeps loops from starting.
  if (
    promptFor(deps.courses.of(subscriber.courseId), delivery.messageKey, subscriber.role) === null
  )
    return 'no-prompt';
  if (addressOf(event.from) !== subscriber.email.toLowerCase()) return 'wrong-sender';

  const received = await source.fetchReceived(event.emailId);
  if (!received) return 'unavailable';
  // The fetched message is the authority: its sender must match too.
  if (addressOf(received.from) !== subscriber.email.toLowerCase()) return 'wrong-sender';
  if (isAutoReply(received)) return 'auto-reply';
  const text = reflectionText(received);
  if (text === '') return 'empty';

  const now = deps.clock().toISOString();
  const stored = await insertEmailReflection(deps.db, {
    enrollmentId: subscriber.id,
    deliveryId: delivery.id,
    messageKey: delivery.messageKey,
    source: 'email',
    ciphertext: await deps.cipher.encrypt(text, {
      enrollmentId: subscriber.id,
      deliveryId: delivery.id,
    }),
    inboundId: event.emailId,
    now,
  });
  if (!stored) return 'duplicate';
  await emitReflectionAdded(deps, subscriber.id, delivery.messageKey);

  if (subscriber.acknowledgeReplies && (await mayAcknowledge(deps, subscriber.id))) {
    await insertDelivery(deps.db, {
      enrollmentId: subscriber.id,
      round: subscriber.round,
      messageKey: savedKey(event.emailId.slice(0, 80)),
      tokenId: newTokenId(),
      dueAt: now,
      now,
    });
    await sendDue(deps, deps.clock(), { enrollmentId: subscriber.id });
  }
  return 'stored';
}

/** The words to store: cleaned, and ending in TRUNCATION_NOTE when a cap cut any. */
function reflectionText(received: ReceivedEmail): string {
  const reply = parseReply(received);
  const text = cleanReflection(reply.text);
  if (!reply.truncated) return text;
  const room = MAX_REFLECTION_CHARS - TRUNCATION_NOTE.length - 2;
  const kept = text.length > room ? text.slice(0, room).replace(/[\ud800-\udbff]$/, '') : text;
  return `${kept.trimEnd()}\n\n${TRUNCATION_NOTE}`.trim();
}

/** Fewer than MAX_ACKNOWLEDGEMENTS_PER_DAY in the last 24 hours. */
async function mayAcknowledge(deps: Deps, enrollmentId: number): Promise<boolean> {
  const since = new Date(deps.clock().getTime() - DAY_MS).toISOString();
  const count = await acknowledgementsSince(deps.db, enrollmentId, since);
  return count < MAX_ACKNOWLEDGEMENTS_PER_DAY;
}
