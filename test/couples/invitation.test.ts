import { describe, expect, it } from 'vitest';
import {
  INVITATION_DAYS,
  inviterFirstName,
  inviterView,
  isAnswerable,
} from '../../src/couples/invitation.ts';

const now = new Date('2027-01-20T12:00:00Z');
const day = 86_400_000;
const made = (daysAgo: number) => new Date(now.getTime() - daysAgo * day).toISOString();

describe('invitation rules', () => {
  it('tells the inviter only "accepted": declined and blocked look like no answer', () => {
    expect(inviterView(null, now)).toBe('none');
    expect(inviterView({ state: 'accepted', createdAt: made(30) }, now)).toBe('accepted');
    for (const state of ['pending', 'declined', 'blocked'] as const) {
      expect(inviterView({ state, createdAt: made(1) }, now)).toBe('sent');
      expect(inviterView({ state, createdAt: made(INVITATION_DAYS) }, now)).toBe('none');
    }
  });

  it('can be answered while pending and open', () => {
    expect(isAnswerable({ state: 'pending', createdAt: made(1) }, now)).toBe(true);
    expect(isAnswerable({ state: 'declined', createdAt: made(1) }, now)).toBe(false);
    expect(isAnswerable({ state: 'pending', createdAt: made(INVITATION_DAYS + 1) }, now)).toBe(
      false,
    );
  });

  it('carries only a plain first name', () => {
    expect(inviterFirstName('Sam Jones')).toBe('Sam');
    expect(inviterFirstName('  Zoë ')).toBe('Zoë');
    expect(inviterFirstName("O'Neil")).toBe("O'Neil");
    expect(inviterFirstName('https://evil.example')).toBeNull();
    expect(inviterFirstName('sam@example.com')).toBeNull();
    expect(inviterFirstName('')).toBeNull();
    expect(inviterFirstName(null)).toBeNull();
    expect(inviterFirstName('x'.repeat(41))).toBeNull();
  });
});
