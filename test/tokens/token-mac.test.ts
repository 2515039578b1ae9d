import { describe, expect, it } from 'vitest';
import { nodeTokenMac } from '../../src/node/token-mac.ts';
import { newTokenId, TokenSigner } from '../../src/tokens/token.ts';

const SECRET = 'token-mac-secret-token-mac-secret-0123456789';

describe('token HMAC on Node', () => {
  it('signs exactly as Web Crypto does, so either verifies the other', async () => {
    const web = new TokenSigner(SECRET);
    const node = new TokenSigner(SECRET, nodeTokenMac(SECRET));
    for (let i = 0; i < 50; i++) {
      const id = newTokenId();
      const token = await node.sign(id, 'journal');
      expect(token).toBe(await web.sign(id, 'journal'));
      expect(await web.verify(token, ['journal'])).toEqual({ id, purpose: 'journal' });
      expect(await node.verify(await web.sign(id, 'reply'), ['reply'])).toEqual({
        id,
        purpose: 'reply',
      });
    }
  });

  it('refuses a token signed under another secret', async () => {
    const node = new TokenSigner(SECRET, nodeTokenMac(SECRET));
    const other = new TokenSigner(`${SECRET}x`, nodeTokenMac(`${SECRET}x`));
    expect(await node.verify(await other.sign(newTokenId(), 'journal'), ['journal'])).toBeNull();
  });

  it('refuses a token signed for another purpose, and names the one that matched', async () => {
    const signer = new TokenSigner(SECRET, nodeTokenMac(SECRET));
    const id = newTokenId();
    const reply = await signer.sign(id, 'reply');
    expect(await signer.verify(reply, ['journal', 'preferences', 'delivery'])).toBeNull();
    expect(await signer.verify(reply, ['journal', 'reply'])).toEqual({ id, purpose: 'reply' });
    // The same id gives each purpose its own token.
    expect(await signer.sign(id, 'journal')).not.toBe(reply);
  });
});
