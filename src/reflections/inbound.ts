import { insertDelivery } from '../db/deliveries.ts';
import { insertEmailReflection } from '../db/reflections.ts';
import { sendDue } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import { ownerOfToken } from '../subscribers/lookup.ts';
import { newTokenId } from '../tokens/token.ts';
import { extractReplyText } from './reply-text.ts';
import { cleanReflection } from './save.ts';

/** A received email as the provider's receiving API returns it (decoded parts). */
export interface ReceivedEmail {
  readonly from: string;
  readonly to: readonly string[];
  readonly text: string | null;
  readonly html: string | null;
}

/** Where the full text of a received email comes from (Resend's receiving API). */
export interface InboundSource {
  fetchReceived(emailId: string): Promise<ReceivedEmail | null>;
}

export type ReplyOutcome =
  | 'stored'
  | 'duplicate'
  | 'not-a-reply'
  | 'unknown-token'
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

/** The bare, lower-cased address of "Name <addr>" or "addr". */
export function addressOf(mailbox: string): string {
  return (/<([^<>]+)>/.exec(mailbox)?.[1] ?? mailbox).trim().toLowerCase();
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
  if (!owner || owner.delivery.message_key.startsWith('confirm:')) return 'unknown-token';
  const { delivery, subscriber } = owner;
  if (addressOf(event.from) !== subscriber.email.toLowerCase()) return 'wrong-sender';

  const received = await source.fetchReceived(event.emailId);
  if (!received) return 'unavailable';
  // The fetched message is the authority: its sender must match too.
  if (addressOf(received.from) !== subscriber.email.toLowerCase()) return 'wrong-sender';
  const text = cleanReflection(extractReplyText(received));
  if (text === '') return 'empty';

  const now = deps.clock().toISOString();
  const stored = await insertEmailReflection(deps.db, {
    subscriberId: subscriber.id,
    deliveryId: delivery.id,
    messageKey: delivery.message_key,
    source: 'email',
    ciphertext: await deps.cipher.encrypt(text, {
      subscriberId: subscriber.id,
      deliveryId: delivery.id,
    }),
    inboundId: event.emailId,
    now,
  });
  if (!stored) return 'duplicate';

  if (subscriber.acknowledge_replies === 1) {
    await insertDelivery(deps.db, {
      subscriberId: subscriber.id,
      round: subscriber.round,
      messageKey: `saved:${event.emailId.slice(0, 80)}`,
      tokenId: newTokenId(),
      dueAt: now,
      now,
    });
    await sendDue(deps, deps.clock(), { subscriberId: subscriber.id });
  }
  return 'stored';
}
