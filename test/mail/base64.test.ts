import { describe, expect, it } from 'vitest';
import { base64, base64Lines, portableBase64Lines } from '../../src/mail/base64.ts';

const samples = [
  '',
  'a',
  'ab',
  'abc',
  'x'.repeat(56),
  'x'.repeat(57),
  'x'.repeat(58),
  'x'.repeat(171),
  'Zoë, 李雷, Sam 🌿, Łukasz',
  'a lone surrogate \ud800 stays replaced',
  '<p style="color:#333">Hello &amp; welcome</p>\r\n'.repeat(500),
];

describe('base64 of UTF-8', () => {
  it('matches Node’s own encoder, in one line and in lines of 76 (with and without Buffer)', () => {
    for (const text of samples) {
      const expected = Buffer.from(text, 'utf8').toString('base64');
      expect(base64(text)).toBe(expected);
      const lines = expected.match(/.{1,76}/g) ?? [];
      const expectedLines = lines.map((line) => `${line}\r\n`).join('');
      expect(base64Lines(text)).toBe(expectedLines);
      expect(portableBase64Lines(text)).toBe(expectedLines);
    }
  });

  it('covers every byte value', () => {
    const all = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    expect(base64(all)).toBe(Buffer.from(all, 'utf8').toString('base64'));
  });
});
