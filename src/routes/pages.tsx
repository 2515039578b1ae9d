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
  // Each course's help page is its operator's own Markdown, rendered once. `/help` is the
  // first course's: it is what every page and a discreet email link to, since a course id
  // in the address bar would name the topic; a course's own emails link to its page.
  const help = new Map(
    deps.courses.all.map((course) => [
      course.id,
      helpHtml(course, course.couplesSafety ? [course.couplesSafety] : []),
    ]),
  );
  // /help carries every couples course's note, without titles: it names no course.
  const notes = deps.courses.all.flatMap((course) => course.couplesSafety ?? []);
  const general = helpHtml(deps.courses.all[0] as Course, notes);
  return new Hono()
    .get('/help', (c) => c.html(general))
    .get('/courses/:id/help', (c) => {
      const page = help.get(c.req.param('id'));
      return page ? c.html(page) : c.notFound();
    })
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

function helpHtml(course: Course, couplesNotes: readonly string[]) {
  const { helpPage } = course;
  return (
    <Page title={helpPage.title}>
      <a id="quick-exit" class="button quick-exit" href={QUICK_EXIT_URL} rel="noreferrer">
        Leave this page
      </a>
      <h1>{helpPage.title}</h1>
      {raw(marked.parse(helpPage.markdown, { async: false }))}
      {couplesNotes.length > 0 ? (
        <section class="card" id="couples">
          <h2>Taking a course together</h2>
          {[...new Set(couplesNotes)].map((note) => (
            <p key={note}>{note}</p>
          ))}
        </section>
      ) : null}
      <script src="/assets/quick-exit.js" defer />
    </Page>
  );
}
