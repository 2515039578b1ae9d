import { describe, expect, it } from 'vitest';
import { mutuallyShared, partnerSides } from '../../src/couples/reveal.ts';

const r = (messageKey: string, shared: boolean, text = '') => ({ messageKey, shared, text });

describe('mutual reveal', () => {
  const keys = ['lesson:1', 'lesson:2', 'lesson:3'];
  const mine = [r('lesson:1', true), r('lesson:2', false), r('lesson:3', true)];
  const theirs = [
    r('lesson:1', true, 'their shared one'),
    r('lesson:1', false, 'their private one'),
    r('lesson:2', true, 'shared by them only'),
  ];

  it('reveals a lesson only where both shared, and only the shared reflections', () => {
    expect(mutuallyShared(mine, theirs)).toEqual(new Set(['lesson:1']));
    const sides = partnerSides(keys, mine, theirs, true);
    expect(sides.get('lesson:1')).toEqual({
      state: 'revealed',
      reflections: [r('lesson:1', true, 'their shared one')],
    });
    // They shared lesson 2 and I did not; I shared lesson 3 and they did not: both wait.
    expect(sides.get('lesson:2')).toEqual({ state: 'waiting' });
    expect(sides.get('lesson:3')).toEqual({ state: 'waiting' });
  });

  it('is symmetric', () => {
    const sides = partnerSides(keys, theirs, mine, true);
    expect(sides.get('lesson:1')).toEqual({ state: 'revealed', reflections: [mine[0]] });
    expect(sides.get('lesson:3')).toEqual({ state: 'waiting' });
  });

  it('shows nothing at all once unlinked', () => {
    expect(partnerSides(keys, mine, theirs, false).size).toBe(0);
  });
});
