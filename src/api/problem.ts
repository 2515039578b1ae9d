import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Every error of the API, in one shape: RFC 9457 problem details, `application/problem+json`.
 * `type` is a URI naming the kind of problem (relative to the API docs); `errors` lists the
 * fields a request got wrong, when that is the problem.
 */
export const PROBLEM_TYPES = {
  unauthorized: 'Missing, unknown or revoked API key',
  invalid: 'The request is not valid',
  not_found: 'Not found',
  conflict: 'Conflict',
  rate_limited: 'Too many requests',
  unsupported: 'Unsupported media type',
  too_large: 'Request too large',
  internal: 'Something went wrong on our side',
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/docs/api.md#problem-invalid' }),
    title: z.string().openapi({ example: 'The request is not valid' }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'The fields that were wrong, when that is the problem.' }),
  })
  .openapi('Problem');

export type Problem = z.infer<typeof ProblemSchema>;

const STATUS: Record<ProblemType, ContentfulStatusCode> = {
  unauthorized: 401,
  invalid: 400,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unsupported: 415,
  too_large: 413,
  internal: 500,
};

export function problemBody(
  type: ProblemType,
  detail?: string,
  errors?: Problem['errors'],
): Problem {
  return {
    type: `/docs/api.md#problem-${type.replace('_', '-')}`,
    title: PROBLEM_TYPES[type],
    status: STATUS[type],
    ...(detail ? { detail } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function problem(
  c: Context,
  type: ProblemType,
  detail?: string,
  errors?: Problem['errors'],
): Response {
  // c.body keeps the headers set on the context before (Retry-After, WWW-Authenticate).
  return c.body(JSON.stringify(problemBody(type, detail, errors)), STATUS[type], {
    'content-type': 'application/problem+json',
  });
}

/** The problem answers a route may give, for its OpenAPI description. */
export function problemResponses<const S extends readonly ProblemType[]>(...types: S) {
  const responses: Record<
    number,
    { description: string; content: Record<string, { schema: typeof ProblemSchema }> }
  > = {};
  for (const type of ['unauthorized', 'rate_limited', ...types] as const) {
    responses[STATUS[type]] = {
      description: PROBLEM_TYPES[type],
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  return responses;
}

/** A problem thrown by a handler; the API's onError answers it (see src/api/routes.ts). */
export class ApiProblem extends Error {
  override name = 'ApiProblem';
  constructor(
    readonly type: ProblemType,
    readonly detail?: string,
    readonly errors?: Problem['errors'],
  ) {
    super(detail ?? PROBLEM_TYPES[type]);
  }
}

/** Ends a handler with a problem answer. */
export function fail(type: ProblemType, detail?: string, errors?: Problem['errors']): never {
  throw new ApiProblem(type, detail, errors);
}

/** The problem type of an HTTP status that arose outside a handler (a 413, a 404, a 500). */
export function problemTypeOf(status: number): ProblemType {
  const found = (Object.keys(STATUS) as ProblemType[]).find((type) => STATUS[type] === status);
  return found ?? (status >= 500 ? 'internal' : 'invalid');
}
