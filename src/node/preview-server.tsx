/** @jsxImportSource hono/jsx */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { SITE_CSS } from '../pages/assets.ts';
import {
  PREVIEW_CSS,
  PreviewEmailPage,
  PreviewIndexPage,
  PreviewMissingPage,
  PreviewProblemPage,
  RELOAD_JS,
} from '../pages/preview.tsx';
import type { PreviewCourse, PreviewProblem, RenderedEmail } from '../preview/protocol.ts';
import { fileSignature } from './file-signature.ts';
import { type RendererProcess, startRenderer } from './preview-renderer-process.ts';

export interface PreviewServerOptions {
  /** The environment the renderer gets; CONTENT_DIR is set to `contentDir`. */
  readonly env: NodeJS.ProcessEnv;
  readonly contentDir: string;
  /** Folders whose changes reload the preview (the content folder and emails/). */
  readonly watch: readonly string[];
  /** 0: any free port. */
  readonly port: number;
  readonly pollMs?: number;
}

export interface PreviewServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * `tend preview --watch`: serves every email of every course on 127.0.0.1, rendered by a
 * child process that is rebuilt and restarted whenever a watched file changes, and shows the
 * loader's error (file, field, reason) instead of the emails while the content is broken.
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const env = { ...options.env, CONTENT_DIR: options.contentDir };
  let renderer: Promise<RendererProcess> = startRenderer(env);
  let generation = 1;
  let signature = fileSignature(options.watch);
  let restarting = Promise.resolve();

  // One restart at a time; a change seen during one is picked up by the next poll.
  const poll = setInterval(() => {
    restarting = restarting.then(async () => {
      const now = fileSignature(options.watch);
      if (now === signature) return;
      signature = now;
      const previous = await renderer;
      const next = startRenderer(env);
      renderer = next;
      await next;
      previous.stop();
      generation += 1;
    });
  }, options.pollMs ?? 300);

  const app = new Hono()
    .get('/generation', async (c) => {
      await restarting;
      return c.json({ generation }, 200, { 'Cache-Control': 'no-store' });
    })
    .get('/assets/site.css', (c) =>
      c.body(SITE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }),
    )
    .get('/assets/preview.css', (c) =>
      c.body(PREVIEW_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }),
    )
    .get('/assets/reload.js', (c) =>
      c.body(RELOAD_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
    )
    .get('/', async (c) => {
      const { state } = await renderer;
      if (state.kind === 'broken') {
        return c.html(<PreviewProblemPage problem={state.problem} generation={generation} />, 503);
      }
      return c.html(<PreviewIndexPage courses={state.courses} generation={generation} />);
    })
    .get('/email/:course/:slug', async (c) => {
      const found = await variant(c.req.param('course'), c.req.param('slug'), c.req.query());
      if ('problem' in found) {
        return c.html(<PreviewProblemPage problem={found.problem} generation={generation} />, 503);
      }
      if (!('course' in found) || !found.email) {
        return c.html(<PreviewMissingPage generation={generation} />, 404);
      }
      const url = new URL(c.req.url);
      return c.html(
        <PreviewEmailPage
          {...found}
          email={found.email}
          rawPath={`/raw${url.pathname.slice('/email'.length)}${url.search}`}
          generation={generation}
        />,
      );
    })
    .get('/raw/:course/:slug', async (c) => {
      const found = await variant(c.req.param('course'), c.req.param('slug'), c.req.query());
      if ('problem' in found || !found.email) return c.text('not available', 404);
      return c.html(found.email.html);
    });

  type Found =
    | { readonly problem: PreviewProblem }
    | { readonly email: null }
    | {
        readonly course: PreviewCourse;
        readonly label: string;
        readonly role: string;
        readonly discreet: boolean;
        readonly email: RenderedEmail | null;
      };

  async function variant(
    courseId: string,
    slug: string,
    query: Record<string, string>,
  ): Promise<Found> {
    const current = await renderer;
    const { state } = current;
    if (state.kind === 'broken') return { problem: state.problem };
    const course = state.courses.find((candidate) => candidate.id === courseId);
    const message = course?.messages.find((candidate) => candidate.slug === slug);
    const role = query.role ?? 'anyone';
    const discreet = query.discreet === '1';
    if (!course || !message || !course.roles.includes(role)) return { email: null };
    const rendered = await current.render({ course: course.id, slug, role, discreet });
    const { problem } = rendered;
    if (problem) return { problem };
    return { course, label: message.label, role, discreet, email: rendered.email };
  }

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' }, () =>
      resolve(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      clearInterval(poll);
      await restarting;
      (await renderer).stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
