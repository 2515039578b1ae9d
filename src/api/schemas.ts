import { z } from '@hono/zod-openapi';
import { EVENT_TYPES } from '../outgoing/events.ts';
import { ENROLLMENT_STATUSES } from '../subscribers/states.ts';

/** The shapes the API answers with; the OpenAPI document is generated from these. */

const Instant = z.string().openapi({ format: 'date-time', example: '2026-12-03T08:00:00.000Z' });
const Weekdays = z
  .array(z.number().int().min(1).max(7))
  .openapi({ description: 'ISO weekdays, 1 = Monday … 7 = Sunday.', example: [1, 2, 3, 4, 5] });

export const CourseSchema = z
  .object({
    id: z.string().openapi({ example: 'rebuilding-trust' }),
    title: z.string(),
    tagline: z.string(),
    lessons: z.number().int(),
    roles: z.array(z.object({ id: z.string(), label: z.string() })),
  })
  .openapi('Course');

export const ProgressSchema = z
  .object({
    lessons_sent: z.number().int().openapi({ description: 'Lessons sent in the current round.' }),
    lessons_total: z.number().int(),
    next_send_at: Instant.nullable(),
    completed: z.boolean(),
  })
  .openapi('Progress');

export const STATUSES = ENROLLMENT_STATUSES;

export const EnrollmentSchema = z
  .object({
    course: z.string(),
    role: z.string().nullable().openapi({ description: 'null: every perspective.' }),
    status: z.enum(STATUSES),
    timezone: z.string().openapi({ example: 'Europe/Berlin' }),
    send_time: z.string().openapi({ example: '08:00' }),
    send_days: Weekdays,
    discreet: z.boolean(),
    paused_until: Instant.nullable(),
    confirmed_at: Instant.nullable(),
    unsubscribed_at: Instant.nullable(),
    consent: z
      .string()
      .openapi({ description: '"confirmation link", or where consent was given elsewhere.' }),
    progress: ProgressSchema,
  })
  .openapi('Enrollment');

export const SubscriberSchema = z
  .object({
    id: z.number().int(),
    email: z.string().openapi({ example: 'sam@example.org' }),
    name: z.string().nullable(),
    created_at: Instant,
    enrollments: z.array(EnrollmentSchema),
  })
  .openapi('Subscriber');

export const SEND_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const NewSubscriberSchema = z
  .object({
    email: z.string().max(254).openapi({ example: 'sam@example.org' }),
    course: z.string().max(100).openapi({ example: 'rebuilding-trust' }),
    role: z.string().max(40).nullable().optional(),
    name: z.string().max(200).nullable().optional(),
    timezone: z.string().max(64).optional().openapi({ example: 'Europe/Berlin' }),
    send_time: z.string().max(5).regex(SEND_TIME).optional().openapi({ example: '08:00' }),
    discreet: z.boolean().optional(),
    confirmed: z.boolean().optional().openapi({
      description:
        'true: the person consented elsewhere (recorded as such); no confirmation email is sent.',
    }),
  })
  .openapi('NewSubscriber');

export const AcceptedSchema = z
  .object({
    status: z.literal('accepted'),
    message: z.string(),
  })
  .openapi('Accepted');

export const EnrollmentChangeSchema = z
  .object({
    timezone: z.string().max(64).optional(),
    send_time: z.string().max(5).regex(SEND_TIME).optional(),
    send_days: Weekdays.min(1).max(7).optional(),
    discreet: z.boolean().optional(),
    break: z
      .union([z.object({ until: z.string().max(10).nullable() }), z.literal(false)])
      .optional()
      .openapi({
        description:
          '`{ "until": "YYYY-MM-DD" }` (or null: until resumed) starts a break; false ends one.',
      }),
  })
  .openapi('EnrollmentChange');

export const StatsSchema = z
  .object({
    course: z.string(),
    subscribers: z
      .record(z.string(), z.number().int())
      .openapi({ description: 'Enrollments in this course by status.' }),
    total: z.number().int(),
    funnel: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        sent: z.number().int(),
        delivered: z.number().int(),
        bounced: z.number().int(),
        complained: z.number().int(),
        reflected: z.number().int(),
        unsubscribed_after: z.number().int(),
      }),
    ),
  })
  .openapi('CourseStats');

export const StatsPageSchema = z
  .object({
    overview: z
      .object({
        sent: z.object({ today: z.number().int(), week: z.number().int(), zone: z.string() }),
        failed: z.number().int(),
        retrying: z.number().int(),
      })
      .openapi({ description: 'Every course together: emails sent, failed for good, retrying.' }),
    data: z.array(StatsSchema),
    next_cursor: z.null(),
  })
  .openapi('StatsPage');

export const EventTypeSchema = z.enum(EVENT_TYPES).openapi('EventType');

export const WebhookEndpointSchema = z
  .object({
    id: z.number().int(),
    url: z.string(),
    events: z.array(EventTypeSchema).nullable().openapi({ description: 'null: every event.' }),
    created_at: Instant,
    failing_since: Instant.nullable(),
    disabled_at: Instant.nullable(),
    disabled_reason: z.string().nullable(),
  })
  .openapi('WebhookEndpoint');

export const NewWebhookEndpointSchema = z
  .object({
    url: z.string().max(500).openapi({ example: 'https://crm.example.org/hooks/tend' }),
    events: z.array(EventTypeSchema).max(20).optional(),
  })
  .openapi('NewWebhookEndpoint');

export const CreatedWebhookEndpointSchema = WebhookEndpointSchema.extend({
  secret: z.string().openapi({
    description: 'The signing secret (whsec_…), shown this once.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  }),
}).openapi('CreatedWebhookEndpoint');

export const IdParamSchema = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .openapi({ param: { name: 'id', in: 'path' }, example: 42 }),
});
