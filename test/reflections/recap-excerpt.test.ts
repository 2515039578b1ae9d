import { describe, expect, it } from 'vitest';
import { buildRecap, EXCERPT_CHARACTERS, excerpt } from '../../src/reflections/recap.ts';

const section = (text: string) => ({
  messageKey: 'lesson:1',
  deliveryId: 1,
  heading: 'Step 1: Owning what happened',
  prompt: 'What did you notice?',
  entries: [
    { id: 1, source: 'web' as const, shared: false, text, writtenAt: '2026-06-02T10:00:00.000Z' },
  ],
});

describe("the closing email's recap", () => {
  it('quotes a short excerpt, cut at a word with "…", keeping paragraph breaks', () => {
    const long = `First thought.\n\n\n\nSecond ${'word '.repeat(80)}end-of-the-entry`;
    const cut = excerpt(long);
    expect([...cut].length).toBeLessThanOrEqual(EXCERPT_CHARACTERS + 1);
    expect(cut.endsWith('word…')).toBe(true);
    expect(cut.startsWith('First thought.\n\nSecond word')).toBe(true);
    expect(cut).not.toContain('end-of-the-entry');
    expect(excerpt('Short and whole.')).toBe('Short and whole.');

    const recap = buildRecap([section(long)]);
    expect(recap.text).toContain('> First thought.\n>\n> Second word');
    expect(recap.text).not.toMatch(/\n{3,}/);
    expect(recap.text).not.toContain('end-of-the-entry');
    expect(recap.html).toContain('<p style="margin:0 0 8px">First thought.</p><p');
    expect(recap.html).toContain('&#8230;');
  });
});
