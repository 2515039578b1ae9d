import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { loadFunnel } from '../admin/funnel.ts';
import { loadOverview } from '../admin/overview.ts';
import type { Deps } from '../deps.ts';
import type { ApiEnv } from './auth.ts';
import { pageSchema } from './pagination.ts';
import { problemResponses } from './problem.ts';
import { apiCourses, courseView } from './records.ts';
import { CourseSchema, StatsSchema } from './schemas.ts';

const listCourses = createRoute({
  method: 'get',
  path: '/courses',
  tags: ['Courses'],
  summary: 'Every course this Tend serves',
  responses: {
    200: {
      content: { 'application/json': { schema: pageSchema(CourseSchema, 'CoursePage') } },
      description: 'All courses (one page: there are few).',
    },
    ...problemResponses(),
  },
});

const stats = createRoute({
  method: 'get',
  path: '/stats',
  tags: ['Courses'],
  summary: "The console's overview and funnel, per course",
  responses: {
    200: {
      content: { 'application/json': { schema: pageSchema(StatsSchema, 'StatsPage') } },
      description: 'Counts only: no address, no word anyone wrote.',
    },
    ...problemResponses(),
  },
});

export function courseRoutes(deps: Deps) {
  return new OpenAPIHono<ApiEnv>()
    .openapi(listCourses, (c) =>
      c.json({ data: apiCourses(deps).map(courseView), next_cursor: null }, 200),
    )
    .openapi(stats, async (c) => {
      const [overview, funnel] = await Promise.all([
        loadOverview(deps, deps.clock()),
        loadFunnel(deps),
      ]);
      const data = apiCourses(deps).map((course) => ({
        course: course.id,
        subscribers: Object.fromEntries(overview.subscribers.map((row) => [row.status, row.count])),
        total: overview.totalSubscribers,
        sent: overview.sent,
        failed: overview.failedTotal,
        retrying: overview.retrying,
        funnel: funnel.rows.map((row) => ({
          key: row.key,
          label: row.label,
          sent: row.sent,
          delivered: row.delivered,
          bounced: row.bounced,
          complained: row.complained,
          reflected: row.reflected,
          unsubscribed_after: row.unsubscribedAfter,
        })),
      }));
      return c.json({ data, next_cursor: null }, 200);
    });
}
