import { kindOf } from '../course/message-key.ts';
import type { EmailTokens } from '../mail/compose.ts';
import { linkPurposesFor, PURPOSES } from './purpose.ts';
import type { TokenSigner } from './token.ts';

/**
 * The tokens of an email's links and Reply-To, each signed for its purpose from the one id
 * the delivery stores: a retried email gets the same tokens, so the same bytes.
 */
export async function emailTokens(
  signer: TokenSigner,
  delivery: { readonly messageKey: string; readonly tokenId: string },
): Promise<EmailTokens> {
  const purposes = linkPurposesFor(kindOf(delivery.messageKey));
  const tokens = await signer.signEach(delivery.tokenId, purposes);
  return Object.fromEntries(purposes.map((purpose, i) => [purpose, tokens[i]]));
}

/** One stand-in token in every link, for previews and warm-up renders (no real link). */
export function stubTokens(token: string): EmailTokens {
  return Object.fromEntries(PURPOSES.map((purpose) => [purpose, token]));
}
