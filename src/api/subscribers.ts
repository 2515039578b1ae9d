import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppOptions } from '../app.ts';
import { isValidTimeZone, localDate, weekdaysFromDigits } from '../course/time.ts';
import { subscriberPage } from '../db/api-subscribers.ts';
import { findSubscriber } from '../db/subscribers.ts';
import { sendConfirmations } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import { erase } from '../subscribers/erase.ts';
import { saveSettings } from '../subscribers/preferences.ts';
import { resume, takeBreak } from '../subscribers/preferences-break.ts';
import { parseBreakUntil } from '../subscribers/preferences-input.ts';
import { signUp } from '../subscribers/signup.ts';
import { cleanName, normalizeEmail, type SignupInput } from '../subscribers/signup-input.ts';
import { unsubscribe } from '../subscribers/unsubscribe.ts';
import type { ApiEnv } from './auth.ts';
import { enrollConfirmed } from './enroll.ts';
import { decodeCursor, PageQuerySchema, page, pageSchema } from './pagination.ts';
import { fail, type Problem, problemResponses } from './problem.ts';
import { apiCourse, courseRole, enrollmentOf, subscriberView, subscriberViews } from './records.ts';
import {
  AcceptedSchema,
  EnrollmentChangeSchema,
  IdParamSchema,
  NewSubscriberSchema,
  SubscriberSchema,
} from './schemas.ts';

const ACCEPTED = {
  status: 'accepted' as const,
  message:
    'Recorded. A new address gets a confirmation email (or, with confirmed: true, the welcome); a known one is left as it was.',
};

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

const EnrollmentParams = IdParamSchema.extend({
  course: z
    .string()
    .max(100)
    .openapi({ param: { name: 'course', in: 'path' }, example: 'rebuilding-trust' }),
});

const create = createRoute({
  method: 'post',
  path: '/subscribers',
  tags: ['Subscribers'],
  summary: 'Sign someone up for a course',
  description:
    'Double opt-in by default: a confirmation email goes out. `confirmed: true` is for people who consented elsewhere; it is recorded as such. The answer is the same whether or not the address was known, and a known address is never changed.',
  request: {
    body: { content: { 'application/json': { schema: NewSubscriberSchema } }, required: true },
  },
  responses: {
    202: json(AcceptedSchema, 'Recorded (or already known: nothing changed).'),
    ...problemResponses('invalid', 'unsupported'),
  },
});

const list = createRoute({
  method: 'get',
  path: '/subscribers',
  tags: ['Subscribers'],
  summary: 'List subscribers, or find one by address',
  request: {
    query: PageQuerySchema.extend({
      email: z
        .string()
        .max(254)
        .optional()
        .openapi({ description: 'Exact address (any letter case).' }),
    }),
  },
  responses: {
    200: json(pageSchema(SubscriberSchema, 'SubscriberPage'), 'A page of subscribers.'),
    ...problemResponses('invalid'),
  },
});

const get = createRoute({
  method: 'get',
  path: '/subscribers/{id}',
  tags: ['Subscribers'],
  summary: 'A subscriber: profile, enrollments and progress',
  request: { params: IdParamSchema },
  responses: {
    200: json(SubscriberSchema, 'The subscriber.'),
    ...problemResponses('invalid', 'not_found'),
  },
});

const change = createRoute({
  method: 'patch',
  path: '/subscribers/{id}/enrollments/{course}',
  tags: ['Subscribers'],
  summary: 'Change an enrollment: send time, zone, days, discreet, break',
  request: {
    params: EnrollmentParams,
    body: { content: { 'application/json': { schema: EnrollmentChangeSchema } }, required: true },
  },
  responses: {
    200: json(SubscriberSchema, 'The subscriber after the change.'),
    ...problemResponses('invalid', 'not_found', 'conflict'),
  },
});

const stop = createRoute({
  method: 'post',
  path: '/subscribers/{id}/enrollments/{course}/unsubscribe',
  tags: ['Subscribers'],
  summary: 'Unsubscribe from a course (no more mail from it)',
  request: { params: EnrollmentParams },
  responses: {
    200: json(SubscriberSchema, 'The subscriber after unsubscribing.'),
    ...problemResponses('invalid', 'not_found'),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/subscribers/{id}',
  tags: ['Subscribers'],
  summary: 'Erase a subscriber and everything they wrote, for good',
  request: { params: IdParamSchema },
  responses: {
    204: { description: 'Erased.' },
    ...problemResponses('invalid', 'not_found'),
  },
});

const notFound = (): never => fail('not_found', 'No subscriber has that id.');

export function subscriberRoutes(deps: Deps, options: AppOptions) {
  const record = options.signUp ?? ((input: SignupInput) => signUp(deps, input));
  const viewOf = (id: number) => subscriberView(deps, id);

  return new OpenAPIHono<ApiEnv>()
    .openapi(create, async (c) => {
      const body = c.req.valid('json');
      const errors: NonNullable<Problem['errors']> = [];
      const course = apiCourse(deps, body.course);
      if (!course)
        errors.push({ field: 'course', message: 'No course has that id (GET /courses).' });
      const role = course ? courseRole(course, body.role) : null;
      if (role === undefined)
        errors.push({ field: 'role', message: 'The course has no such role.' });
      const email = normalizeEmail(body.email);
      if (!email) errors.push({ field: 'email', message: 'Not an email address.' });
      if (body.timezone !== undefined && !isValidTimeZone(body.timezone)) {
        errors.push({ field: 'timezone', message: 'Not an IANA time zone such as Europe/Berlin.' });
      }
      if (!course || role === undefined || !email || errors.length > 0) {
        fail('invalid', undefined, errors);
      }
      const input: SignupInput = {
        course,
        email,
        name: body.name ? cleanName(body.name) : null,
        role,
        timezone: body.timezone ?? deps.config.defaultTimezone,
        sendTime: body.send_time ?? '08:00',
        discreet: body.discreet ?? false,
      };
      if (body.confirmed) {
        await enrollConfirmed(deps, input, `API key "${c.get('apiKey').name}"`);
      } else if (await record(input)) {
        if (options.confirmationsQueued) options.confirmationsQueued(c);
        else await sendConfirmations(deps, deps.clock());
      }
      return c.json(ACCEPTED, 202);
    })
    .openapi(list, async (c) => {
      const query = c.req.valid('query');
      const afterId = decodeCursor(query.cursor);
      if (afterId === null) {
        fail('invalid', undefined, [{ field: 'cursor', message: 'Not a cursor of ours.' }]);
      }
      let email: string | undefined;
      if (query.email !== undefined) {
        const normalized = normalizeEmail(query.email);
        if (!normalized) {
          fail('invalid', undefined, [{ field: 'email', message: 'Not an email address.' }]);
        }
        email = normalized;
      }
      const rows = await subscriberPage(deps.db, {
        afterId,
        limit: query.limit + 1,
        ...(email ? { email } : {}),
      });
      const { items, nextCursor } = page(rows, query.limit, (row) => row.id);
      return c.json({ data: await subscriberViews(deps, items), next_cursor: nextCursor }, 200);
    })
    .openapi(get, async (c) => {
      const view = await viewOf(c.req.valid('param').id);
      return view ? c.json(view, 200) : notFound();
    })
    .openapi(change, async (c) => {
      const { id, course } = c.req.valid('param');
      const body = c.req.valid('json');
      const enrollment = await enrollmentOf(deps, id, course);
      if (!enrollment) fail('not_found', 'No such subscriber, or not enrolled in that course.');
      if (body.timezone !== undefined && !isValidTimeZone(body.timezone)) {
        fail('invalid', undefined, [
          { field: 'timezone', message: 'Not an IANA time zone such as Europe/Berlin.' },
        ]);
      }
      const schedule =
        body.timezone !== undefined ||
        body.send_time !== undefined ||
        body.send_days !== undefined ||
        body.discreet !== undefined;
      if (schedule) {
        const outcome = await saveSettings(deps, enrollment.id, {
          name: enrollment.name,
          role: enrollment.role,
          timezone: body.timezone ?? enrollment.timezone,
          sendTime: body.send_time ?? enrollment.sendTime,
          sendDays: body.send_days
            ? weekdaysFromDigits(body.send_days.join(''))
            : enrollment.sendDays,
          discreet: body.discreet ?? enrollment.discreet,
          acknowledgeReplies: enrollment.acknowledgeReplies,
        });
        if (!outcome.ok) fail('conflict', 'This enrollment has ended; its schedule cannot change.');
      }
      if (body.break !== undefined) {
        if (body.break === false) {
          const outcome = await resume(deps, enrollment.id);
          if (!outcome.ok) fail('conflict', 'Only a paused enrollment can be resumed.');
        } else {
          const today = localDate(deps.clock(), body.timezone ?? enrollment.timezone);
          const parsed = parseBreakUntil({ until: body.break.until ?? '' }, today);
          if (!parsed.ok) {
            fail('invalid', undefined, [
              { field: 'break.until', message: parsed.errors.until ?? 'Not a date after today.' },
            ]);
          }
          const outcome = await takeBreak(deps, enrollment.id, parsed.value.until);
          if (!outcome.ok) {
            fail('conflict', 'Only an active or completed enrollment can take a break.');
          }
        }
      }
      const view = await viewOf(id);
      return view ? c.json(view, 200) : notFound();
    })
    .openapi(stop, async (c) => {
      const { id, course } = c.req.valid('param');
      const enrollment = await enrollmentOf(deps, id, course);
      if (!enrollment) fail('not_found', 'No such subscriber, or not enrolled in that course.');
      await unsubscribe(deps, enrollment.id, 'api');
      const view = await viewOf(id);
      return view ? c.json(view, 200) : notFound();
    })
    .openapi(remove, async (c) => {
      const row = await findSubscriber(deps.db, c.req.valid('param').id);
      if (!row) return notFound();
      await erase(deps, row);
      return c.body(null, 204);
    });
}
