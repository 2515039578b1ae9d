import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { CONTENT_DIR } from '../../src/node/deps.ts';
import { startPreviewServer } from '../../src/node/preview-server.tsx';
import { tempDir } from '../support/temp.ts';

// Each change rebuilds the renderer with esbuild and starts a new Node process.
vi.setConfig({ testTimeout: 120_000 });

const LESSON = '/email/weekly-check-in/lesson-1?role=anyone';

describe('tend preview --watch', () => {
  it('shows every email, follows a changed lesson, shows a broken course.yaml and recovers', async () => {
    const content = tempDir('tend-preview-');
    cpSync(join(CONTENT_DIR, 'weekly-check-in'), join(content, 'weekly-check-in'), {
      recursive: true,
    });
    cpSync(join(CONTENT_DIR, 'rebuilding-trust'), join(content, 'rebuilding-trust'), {
      recursive: true,
    });
    const server = await startPreviewServer({
      env: { PATH: process.env.PATH ?? '' },
      contentDir: content,
      watch: [content],
      port: 0,
      pollMs: 50,
    });
    onTestFinished(() => server.stop());
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const get = async (path: string) => {
      const response = await fetch(`${server.url}${path}`);
      return { status: response.status, text: await response.text() };
    };
    let seen = 1;
    /** Waits for the server to have taken in a change of the files. */
    const changed = async () => {
      await expect
        .poll(async () => (await (await fetch(`${server.url}/generation`)).json()).generation, {
          timeout: 60_000,
          interval: 100,
        })
        .toBe(seen + 1);
      seen += 1;
    };

    // Every email of every course, for every role and none, plain and discreet.
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('Rebuilding Trust');
    expect(index.text).toContain('The Weekly Check-in');
    for (const role of ['broke', 'hurt', 'together', 'anyone']) {
      expect(index.text).toContain(`/email/rebuilding-trust/lesson-10?role=${role}&amp;discreet=1`);
    }
    expect(index.text).toContain('/email/weekly-check-in/closing?role=anyone"');
    expect(index.text).not.toContain('/email/weekly-check-in/closing?role=hurt');
    const discreet = await get('/email/rebuilding-trust/lesson-2?role=hurt&discreet=1');
    expect(discreet.text).toContain('Daily Notes');
    const lesson = await get(LESSON);
    expect(lesson.status).toBe(200);
    expect(lesson.text).toContain('Lesson 1 of 4: Picking your time');
    expect((await get(`/raw${LESSON.slice('/email'.length)}`)).text).toContain('bin day');

    const file = join(content, 'weekly-check-in', 'lesson-01.md');
    const original = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      original
        .replace('Lesson 1 of 4: Picking your time', 'Lesson 1 of 4: A time of your own')
        .replace('like a bin day', 'like a recycling day'),
    );
    await changed();
    expect((await get(LESSON)).text).toContain('Lesson 1 of 4: A time of your own');
    expect((await get(`/raw${LESSON.slice('/email'.length)}`)).text).toContain('recycling day');

    const yaml = join(content, 'weekly-check-in', 'course.yaml');
    const course = readFileSync(yaml, 'utf8');
    writeFileSync(yaml, course.replace('couples: true', 'couples: perhaps'));
    await changed();
    for (const path of ['/', LESSON]) {
      const broken = await get(path);
      expect(broken.status).toBe(503);
      expect(broken.text).toContain('<dd id="problem-file">weekly-check-in/course.yaml</dd>');
      expect(broken.text).toContain('<dd id="problem-field">couples</dd>');
      expect(broken.text).toMatch(/<dd id="problem-reason">[^<]*boolean/i);
    }

    writeFileSync(yaml, course);
    await changed();
    expect((await get('/')).status).toBe(200);
    expect((await get(LESSON)).text).toContain('Lesson 1 of 4: A time of your own');
    // The page asks for the generation to know when to reload itself.
    expect((await get('/assets/reload.js')).text).toContain('/generation');
  });
});
