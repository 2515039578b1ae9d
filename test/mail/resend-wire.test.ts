import { describe, expect, it } from 'vitest';
import { fillingsOf } from '../../src/mail/fillings.ts';
import type { OutgoingEmail } from '../../src/mail/message.ts';
import { batchBody, toWire } from '../../src/mail/resend-wire.ts';
import { emailTokens } from '../../src/tokens/links.ts';
import { newTokenId } from '../../src/tokens/token.ts';
import { recipientInput, testComposer } from '../support/compose.ts';

const { composer, signer } = testComposer('resend-wire-secret-resend-wire-secret-0123');

// Names JSON must escape (quotes, backslashes, control characters) or keep as they are
// (letters beyond ASCII, astral characters), and no name at all.
const NAMES = ['"Quoted" \\ back', 'Tab\there\nline', "O'Brien & <Bo>", 'Łukasz', 'Sam 🌿', null];

async function composed(): Promise<OutgoingEmail[]> {
  const emails: OutgoingEmail[] = [];
  let n = 0;
  for (const message_key of ['confirm:1', 'welcome', 'lesson:3', 'checkin:2026-12-06']) {
    for (const name of NAMES) {
      emails.push(await composer.compose(await recipientInput(signer, n++, message_key, name)));
    }
  }
  const closingToken = newTokenId();
  emails.push(
    await composer.compose({
      subscriber: { email: 'c@example.com', name: 'Ré "c"', role: 'hurt', discreet: false },
      delivery: { id: ++n, messageKey: 'closing', tokenId: closingToken },
      tokens: await emailTokens(signer, { messageKey: 'closing', tokenId: closingToken }),
      recap: { html: '<p>My "answer" \\ ✓</p>', text: 'My "answer" \\ ✓\n' },
    }),
  );
  return emails;
}

const decoded = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("a batch's body", () => {
  it('is the bytes of JSON.stringify over the wire form, built from the shared pieces', async () => {
    const emails = await composed();
    expect(emails.every((email) => fillingsOf(email))).toBe(true);
    expect(decoded(batchBody(emails))).toBe(JSON.stringify(emails.map(toWire)));
    // Twice, so the pieces come from the cache the second time.
    expect(decoded(batchBody(emails.slice(3)))).toBe(JSON.stringify(emails.slice(3).map(toWire)));
  });

  it('serializes whole an email changed after compose, which cannot be changed in place', async () => {
    const [first, second] = await composed();
    if (!first || !second) throw new Error('no emails');
    expect(() => {
      (first as { html: string }).html = 'changed in place';
    }).toThrow(TypeError);
    const changed = [
      { ...first, html: `${first.html}<p>added after compose</p>` },
      { ...second, text: second.text.replace('Hi', 'Yo') },
      second,
    ];
    expect(changed.map((email) => fillingsOf(email) !== undefined)).toEqual([false, false, true]);
    expect(decoded(batchBody(changed))).toBe(JSON.stringify(changed.map(toWire)));
    expect(decoded(batchBody([]))).toBe('[]');
  });
});
