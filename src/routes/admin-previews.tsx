/** @jsxImportSource hono/jsx */
import { type Context, Hono } from 'hono';
import {
  composePreview,
  findPreviewMessage,
  type PreviewVariant,
  previewMessages,
  sendTestEmail,
} from '../admin/previews.ts';
import { roleFromSlug } from '../course/roles.ts';
import type { Deps } from '../deps.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { PreviewIndexPage, PreviewPage } from '../pages/admin-previews.tsx';
import { EMAIL_FRAME_CSP } from '../pages/email-frame.ts';
import { normalizeEmail } from '../subscribers/signup-input.ts';
import { readBody } from './body.ts';

/** Email previews are shown in a sandboxed iframe: see EMAIL_FRAME_CSP. */

export function adminPreviewRoutes(deps: Deps) {
  function variantOf(
    courseId: string,
    slug: string,
    values: { role?: unknown; discreet?: unknown },
  ): PreviewVariant | null {
    const course = deps.courses.byId(courseId);
    const message = course && findPreviewMessage(course, slug);
    if (!course || !message) return null;
    const chosen = roleFromSlug(course, values.role);
    const role = chosen === undefined ? (course.roles[0]?.id ?? null) : chosen;
    const discreet = values.discreet === '1' || values.discreet === 'on';
    return { course, message, role, discreet };
  }

  async function page(
    c: Context,
    variant: PreviewVariant,
    extra: { notice?: string; to?: string; status?: 200 | 400 | 502 } = {},
  ) {
    let email: OutgoingEmail | null = null;
    let error: string | undefined;
    try {
      email = await composePreview(deps, variant);
    } catch (cause) {
      error = (cause as Error).message;
    }
    c.header('Content-Security-Policy', EMAIL_FRAME_CSP);
    return c.html(
      <PreviewPage
        variant={variant}
        email={email}
        {...(error ? { error } : {})}
        {...(extra.notice ? { notice: extra.notice } : {})}
        {...(extra.to ? { to: extra.to } : {})}
      />,
      extra.status ?? 200,
    );
  }

  return new Hono()
    .get('/previews', (c) =>
      c.html(
        <PreviewIndexPage
          courses={deps.courses.all.map((course) => ({
            course,
            messages: previewMessages(course),
          }))}
        />,
      ),
    )
    .get('/previews/:course/:slug', async (c) => {
      const variant = variantOf(c.req.param('course'), c.req.param('slug'), c.req.query());
      if (!variant) return c.notFound();
      return page(c, variant);
    })
    .post('/previews/:course/:slug/test', async (c) => {
      const body = await readBody(c);
      const variant = variantOf(c.req.param('course'), c.req.param('slug'), body);
      if (!variant) return c.notFound();
      const raw = typeof body.to === 'string' ? body.to.slice(0, 254) : '';
      const to = normalizeEmail(raw);
      if (!to) {
        return page(c, variant, {
          notice: 'Please give a valid email address, like you@example.com.',
          to: raw,
          status: 400,
        });
      }
      const result = await sendTestEmail(deps, variant, to);
      return result.ok
        ? page(c, variant, { notice: `Test sent to ${to}.`, to })
        : page(c, variant, {
            notice: `The test could not be sent: ${result.failure.reason}`,
            to,
            status: 502,
          });
    });
}
