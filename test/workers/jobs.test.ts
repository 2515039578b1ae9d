import { describe, expect, it } from 'vitest';
import {
  EMAILS_PER_JOB,
  jobNow,
  MAX_JOBS_PER_PASS,
  parseSendJob,
  sendJobsFor,
} from '../../src/worker/send-jobs.ts';

const at = new Date('2026-12-01T08:00:00Z');

describe('send jobs', () => {
  it('asks for one job per hundred due emails, none when nothing is due', () => {
    expect(sendJobsFor(0, at)).toEqual([]);
    expect(sendJobsFor(1, at)).toHaveLength(1);
    expect(sendJobsFor(EMAILS_PER_JOB, at)).toHaveLength(1);
    expect(sendJobsFor(EMAILS_PER_JOB + 1, at)).toHaveLength(2);
    expect(sendJobsFor(1, at)[0]).toEqual({
      kind: 'send-due',
      at: at.toISOString(),
      maxEmails: EMAILS_PER_JOB,
    });
  });

  it('caps a minute at MAX_JOBS_PER_PASS jobs; the rest is still due next minute', () => {
    expect(sendJobsFor(10 * MAX_JOBS_PER_PASS * EMAILS_PER_JOB, at)).toHaveLength(
      MAX_JOBS_PER_PASS,
    );
  });

  it('reads back only well-formed jobs', () => {
    const job = sendJobsFor(1, at)[0];
    expect(parseSendJob(JSON.parse(JSON.stringify(job)))).toEqual(job);
    for (const body of [
      null,
      'send',
      { kind: 'send-due', at: 'yesterday', maxEmails: 10 },
      { kind: 'send-due', at: at.toISOString(), maxEmails: 0 },
      { kind: 'send-due', at: at.toISOString(), maxEmails: 1.5 },
      { kind: 'other', at: at.toISOString(), maxEmails: 10 },
    ]) {
      expect(parseSendJob(body)).toBeNull();
    }
  });

  it("sends as of the later of the cron's instant and the consumer's clock", () => {
    const job = { kind: 'send-due', at: at.toISOString(), maxEmails: 1 } as const;
    const later = new Date(at.getTime() + 5 * 60_000);
    expect(jobNow(job, later)).toEqual(later);
    expect(jobNow(job, new Date(at.getTime() - 1))).toEqual(at);
  });
});
