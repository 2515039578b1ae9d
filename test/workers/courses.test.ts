import { describe, expect, it } from 'vitest';
import { outboxTo, signupForm, signupJson, subscriberByEmail, testWorker } from './support.ts';

describe('every bundled course on Workers', () => {
  it('lists the courses at / and serves each signup page at /courses/<id>', async () => {
    const tw = testWorker();
    const home = await (await tw.fetch('/')).text();
    expect(home).toContain('href="/courses/rebuilding-trust"');
    expect(home).toContain('href="/courses/weekly-check-in"');
    const weekly = await tw.fetch('/courses/weekly-check-in');
    expect(weekly.status).toBe(200);
    const page = await weekly.text();
    expect(page).toContain('<h1>The Weekly Check-in</h1>');
    expect(page).toContain('name="course" value="weekly-check-in"');
    expect(page).not.toContain('type="radio"');
    expect((await tw.fetch('/courses/no-such-course')).status).toBe(404);
  });

  it('signs up for the course the form names, and asks which one when none is named', async () => {
    const tw = testWorker();
    const response = await tw.fetch(
      '/subscribe',
      signupForm({ course: 'weekly-check-in', email: 'wes@example.com', timezone: 'UTC' }),
    );
    expect(response.status).toBe(303);
    const deps = tw.deps();
    expect(await subscriberByEmail(deps, 'wes@example.com')).toMatchObject({
      course_id: 'weekly-check-in',
      role: null,
      send_time: '18:00',
    });
    expect((await outboxTo(deps, 'wes@example.com'))[0]?.subject).toContain('Please confirm');

    const unnamed = await tw.fetch(
      '/subscribe',
      signupJson({ course: '', email: 'x@example.com' }),
    );
    expect(unnamed.status).toBe(400);
    expect(await unnamed.json()).toMatchObject({ fields: { course: expect.any(String) } });
  });
});
