/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { raw } from 'hono/html';
import { marked } from 'marked';
import type { Course } from '../course/course.ts';
import { checkDatabase } from '../db/health.ts';
import type { Deps } from '../deps.ts';
import { QUICK_EXIT_JS, SITE_CSS, TIMEZONE_JS } from '../pages/assets.ts';
import { Page } from '../pages/layout.tsx';

/** Where "Leave this page" goes: an ordinary site that says nothing about why you were here. */
export const QUICK_EXIT_URL = 'https://www.bbc.com/weather';

/** Static pages and assets, and the health check. */
export function pageRoutes(deps: Deps) {
  // The help page is the operator's own Markdown, rendered once: the first course's (each
  // course has one, for `tend preview`; an instance shows one help page for every course).
  const { helpPage } = deps.courses.all[0] as Course;
  const help = marked.parse(helpPage.markdown, { async: false });
  // Each couples course's own note, without titles: people reach this page from discreet
  // emails too, and it names no course.
  const couples = [...new Set(deps.courses.all.flatMap((course) => course.couplesSafety ?? []))];
  return new Hono()
    .get('/help', (c) =>
      c.html(
        <Page title={helpPage.title}>
          <a id="quick-exit" class="button quick-exit" href={QUICK_EXIT_URL} rel="noreferrer">
            Leave this page
          </a>
          <h1>{helpPage.title}</h1>
          {raw(help)}
          {couples.length > 0 ? (
            <section class="card" id="couples">
              <h2>Taking a course together</h2>
              {couples.map((note) => (
                <p key={note}>{note}</p>
              ))}
            </section>
          ) : null}
          <script src="/assets/quick-exit.js" defer />
        </Page>,
      ),
    )
    .get('/assets/site.css', (c) => {
      c.header('Cache-Control', 'public, max-age=3600');
      return c.body(SITE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
    })
    .get('/assets/timezone.js', (c) => {
      c.header('Cache-Control', 'public, max-age=3600');
      return c.body(TIMEZONE_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
    })
    .get('/assets/quick-exit.js', (c) => {
      c.header('Cache-Control', 'public, max-age=3600');
      return c.body(QUICK_EXIT_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
    })
    .get('/healthz', async (c) => {
      try {
        await checkDatabase(deps.db);
        return c.json({ status: 'ok' });
      } catch {
        return c.json({ status: 'unavailable' }, 503);
      }
    });
}
