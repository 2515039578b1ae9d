import { describe, expect, it } from 'vitest';
import {
  EMAILS_PER_JOB,
  jobNow,
  MAX_JOBS_PER_PASS,
  parseJob,
  planJobsFor,
  SUBSCRIBERS_PER_PLAN,
  sendJobsFor,
} from '../../src/worker/jobs.ts';

const at = new Date('2026-12-01T08:00:00Z');

describe('queue jobs', () => {
  it('asks for one send job per hundred due emails, none when nothing is due', () => {
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

  it('splits planning into disjoint shards of the subscribers', () => {
    expect(planJobsFor(0, at)).toEqual([]);
    const jobs = planJobsFor(2 * SUBSCRIBERS_PER_PLAN + 1, at);
    expect(jobs.map((job) => job.shard)).toEqual([
      { index: 0, count: 3 },
      { index: 1, count: 3 },
      { index: 2, count: 3 },
    ]);
    expect(jobs[0]).toMatchObject({ kind: 'plan-due', maxSubscribers: SUBSCRIBERS_PER_PLAN });
  });

  it('caps a pass at MAX_JOBS_PER_PASS jobs of each kind; the rest is still due next time', () => {
    const many = 10 * MAX_JOBS_PER_PASS * Math.max(EMAILS_PER_JOB, SUBSCRIBERS_PER_PLAN);
    expect(sendJobsFor(many, at)).toHaveLength(MAX_JOBS_PER_PASS);
    expect(planJobsFor(many, at)).toHaveLength(MAX_JOBS_PER_PASS);
  });

  it('reads back only well-formed jobs', () => {
    for (const job of [...sendJobsFor(1, at), ...planJobsFor(1, at)]) {
      expect(parseJob(JSON.parse(JSON.stringify(job)))).toEqual(job);
    }
    const iso = at.toISOString();
    for (const body of [
      null,
      'send',
      { kind: 'send-due', at: 'yesterday', maxEmails: 10 },
      { kind: 'send-due', at: iso, maxEmails: 0 },
      { kind: 'send-due', at: iso, maxEmails: 1.5 },
      { kind: 'plan-due', at: iso, maxSubscribers: 10 },
      { kind: 'plan-due', at: iso, maxSubscribers: 10, shard: { index: 2, count: 2 } },
      { kind: 'plan-due', at: iso, maxSubscribers: 10, shard: { index: -1, count: 2 } },
      { kind: 'other', at: iso, maxEmails: 10 },
    ]) {
      expect(parseJob(body)).toBeNull();
    }
  });

  it("runs as of the later of the cron's instant and the consumer's clock", () => {
    const [job] = sendJobsFor(1, at);
    if (!job) throw new Error('no job');
    const later = new Date(at.getTime() + 5 * 60_000);
    expect(jobNow(job, later)).toEqual(later);
    expect(jobNow(job, new Date(at.getTime() - 1))).toEqual(at);
  });
});
