import { describe, expect, it } from 'vitest';
import { newTokenId } from '../../src/tokens/token.ts';

describe('token ids', () => {
  it('are 26 lowercase base32 characters, all different, across many draws of random bytes', () => {
    const ids = Array.from({ length: 1000 }, () => newTokenId());
    for (const id of ids) expect(id).toMatch(/^[a-z2-7]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Every character position varies (no byte of a draw is handed out twice or left zero).
    for (let position = 0; position < 25; position++) {
      expect(new Set(ids.map((id) => id[position])).size).toBeGreaterThan(16);
    }
  });
});
