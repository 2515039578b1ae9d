import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { loadFunnel } from '../admin/funnel.ts';
import { loadOverview } from '../admin/overview.ts';
import type { Deps } from '../deps.ts';
import type { ApiEnv } from './auth.ts';
import { pageSchema } from './pagination.ts';
import { problemResponses } from './problem.ts';
import { apiCourses, courseView } from './records.ts';
import { CourseSchema, STATUSES, StatsPageSchema } from './schemas.ts';

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
      content: { 'application/json': { schema: StatsPageSchema } },
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
      const courses = apiCourses(deps);
      const [overview, funnels] = await Promise.all([
        loadOverview(deps, deps.clock()),
        Promise.all(courses.map((course) => loadFunnel(deps, course))),
      ]);
      const data = courses.map((course, index) => {
        const mine = overview.courses.find((row) => row.id === course.id)?.counts ?? [];
        return {
          course: course.id,
          subscribers: Object.fromEntries(
            STATUSES.map((status) => [
              status,
              mine.find((row) => row.status === status)?.count ?? 0,
            ]),
          ),
          total: mine.reduce((sum, row) => sum + row.count, 0),
          funnel: (funnels[index]?.rows ?? []).map((row) => ({
            key: row.key,
            label: row.label,
            sent: row.sent,
            delivered: row.delivered,
            bounced: row.bounced,
            complained: row.complained,
            reflected: row.reflected,
            unsubscribed_after: row.unsubscribedAfter,
          })),
        };
      });
      const summary = {
        sent: overview.sent,
        failed: overview.failedTotal,
        retrying: overview.retrying,
      };
      return c.json({ overview: summary, data, next_cursor: null }, 200);
    });
}
