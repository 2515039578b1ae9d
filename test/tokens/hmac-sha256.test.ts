import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../../src/tokens/hmac-sha256.ts';
import { newTokenId, TokenSigner, tokenMac, webCryptoMac } from '../../src/tokens/token.ts';

const SECRET = 'token-mac-secret-token-mac-secret-0123456789';

/** Messages of every length class: empty, short, around a block's padding limit, several blocks, non-ASCII. */
const messages = Array.from({ length: 200 }, (_, length) =>
  Array.from({ length }, (_, i) =>
    i % 7 === 3 ? 'é' : i % 11 === 5 ? '李' : 'abcxyz'[i % 6],
  ).join(''),
);

describe('HMAC-SHA-256 in plain JavaScript', () => {
  it('equals node:crypto for keys and messages of every length class', () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 150]) {
      const key = 'k€y'.repeat(keyLength).slice(0, keyLength);
      const mac = hmacSha256(key);
      for (const message of [...messages, '🌿'.repeat(300)]) {
        expect(Buffer.from(mac(message)).toString('hex')).toBe(
          createHmac('sha256', key).update(message, 'utf8').digest('hex'),
        );
      }
    }
  });

  it('gives the same MAC again: no state leaks from one message into the next', () => {
    const mac = hmacSha256(SECRET);
    const first = Buffer.from(mac('journal:abc')).toString('hex');
    mac('x'.repeat(1000));
    expect(Buffer.from(mac('journal:abc')).toString('hex')).toBe(first);
  });
});

describe('token signing', () => {
  it('signs exactly as Web Crypto does, so either verifies the other', async () => {
    const web = new TokenSigner(SECRET, webCryptoMac(SECRET));
    const plain = new TokenSigner(SECRET, tokenMac(SECRET));
    for (let i = 0; i < 50; i++) {
      const id = newTokenId();
      const token = await plain.sign(id, 'journal');
      expect(token).toBe(await web.sign(id, 'journal'));
      expect(await web.verify(token, ['journal'])).toEqual({ id, purpose: 'journal' });
      expect(await plain.verify(await web.sign(id, 'reply'), ['reply'])).toEqual({
        id,
        purpose: 'reply',
      });
      expect(await plain.signEach(id, ['reply', 'journal'])).toEqual(
        await web.signEach(id, ['reply', 'journal']),
      );
    }
  });

  it('signs several purposes at once as one at a time', async () => {
    const signer = new TokenSigner(SECRET);
    const id = newTokenId();
    const purposes = ['unsubscribe', 'preferences', 'reflect', 'journal', 'reply'] as const;
    expect(await signer.signEach(id, purposes)).toEqual(
      await Promise.all(purposes.map((purpose) => signer.sign(id, purpose))),
    );
  });

  it('refuses a token signed under another secret', async () => {
    const signer = new TokenSigner(SECRET);
    const other = new TokenSigner(`${SECRET}x`);
    expect(await signer.verify(await other.sign(newTokenId(), 'journal'), ['journal'])).toBeNull();
  });

  it('refuses a token signed for another purpose, and names the one that matched', async () => {
    const signer = new TokenSigner(SECRET);
    const id = newTokenId();
    const reply = await signer.sign(id, 'reply');
    expect(await signer.verify(reply, ['journal', 'preferences', 'delivery'])).toBeNull();
    expect(await signer.verify(reply, ['journal', 'reply'])).toEqual({ id, purpose: 'reply' });
    // The same id gives each purpose its own token.
    expect(await signer.sign(id, 'journal')).not.toBe(reply);
  });
});
