import { describe, expect, it } from 'vitest';
import { emailTokens } from '../../src/tokens/links.ts';
import { newTokenId } from '../../src/tokens/token.ts';
import { recipientInput, testComposer } from '../support/compose.ts';

const { composer, signer } = testComposer('compose-variants-secret-compose-variants-0123');

// Names that escaping gets wrong: quotes, markup, ampersands, letters beyond Latin-1, astral
// characters, Latin-1 letters, and no name at all.
const NAMES = ["Siobhán O'Brien", 'Ana & <Bo>', '"Quoted"', 'Łukasz', '李雷', 'Sam 🌿', null];

describe('composing from a cached variant', () => {
  it('gives the same bytes as a whole React Email render with the real values', async () => {
    let n = 0;
    for (const message_key of [
      'welcome',
      'lesson:1',
      'lesson:2',
      'lesson:10',
      'checkin:2026-12-06',
    ]) {
      for (const name of NAMES) {
        const input = await recipientInput(signer, n++, message_key, name);
        const email = await composer.compose(input);
        const whole = await composer.renderWhole(input);
        expect(email.html, `${message_key} for ${name}`).toBe(whole.html);
        expect(email.text, `${message_key} for ${name}`).toBe(whole.text);
      }
    }
  });

  it('writes HTML in Latin-1: anything beyond as numeric character references', async () => {
    const tokenId = newTokenId();
    const email = await composer.compose({
      subscriber: { email: 'l@example.com', name: 'Łukasz 🌿', role: 'hurt', discreet: false },
      delivery: { id: 1, messageKey: 'lesson:2', tokenId: tokenId },
      tokens: await emailTokens(signer, { messageKey: 'lesson:2', tokenId: tokenId }),
    });
    expect(email.html).not.toMatch(/[\u0100-\u{10ffff}]/u);
    expect(email.html).toContain('Hi &#321;ukasz &#127807;,');
    expect(email.html).toContain('&#8230;');
    // The plain text keeps the characters themselves.
    expect(email.text).toContain('Hi Łukasz 🌿,');
  });
});
