import type { Course } from '../../src/course/course.ts';
import { roleChoices } from '../../src/course/roles.ts';
import { EmailComposer } from '../../src/mail/compose.ts';
import { emailTokens } from '../../src/tokens/links.ts';
import { newTokenId, TokenSigner } from '../../src/tokens/token.ts';
import { rebuildingTrust } from './deps.ts';

const RT = rebuildingTrust().all[0] as Course;

/** The shipped course's composer and a token signer, outside any deps. */
export function testComposer(secret: string): { composer: EmailComposer; signer: TokenSigner } {
  const composer = new EmailComposer({
    course: RT,
    publicUrl: 'https://tend.test',
    mailFrom: 'Tend <tend@tend.test>',
    replyDomain: 'reply.tend.test',
  });
  return { composer, signer: new TokenSigner(secret) };
}

/**
 * What compose takes for the `n`-th of a run of test recipients (counting from 0): role (or
 * none) and discreet mode vary with `n`, every pair in turn, and each gets a fresh token
 * signed by `signer`.
 */
export async function recipientInput(
  signer: TokenSigner,
  n: number,
  messageKey: string,
  name: string | null,
) {
  const tokenId = newTokenId();
  return {
    subscriber: {
      email: `reader${n}@example.com`,
      name,
      role: roleChoices(RT)[n % roleChoices(RT).length] ?? null,
      discreet: Math.floor(n / roleChoices(RT).length) % 2 === 1,
    },
    delivery: { id: n + 1, messageKey, tokenId },
    tokens: await emailTokens(signer, { messageKey, tokenId }),
    checkinIndex: n + 1,
  };
}
