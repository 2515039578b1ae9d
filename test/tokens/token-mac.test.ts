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
      const token = await node.sign(id);
      expect(token).toBe(await web.sign(id));
      expect(await web.verify(token)).toBe(id);
      expect(await node.verify(await web.sign(id))).toBe(id);
    }
  });

  it('refuses a token signed under another secret', async () => {
    const node = new TokenSigner(SECRET, nodeTokenMac(SECRET));
    const other = new TokenSigner(`${SECRET}x`, nodeTokenMac(`${SECRET}x`));
    expect(await node.verify(await other.sign(newTokenId()))).toBeNull();
  });
});
