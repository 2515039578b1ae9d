/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { loadFunnel } from '../admin/funnel.ts';
import { loadOverview } from '../admin/overview.ts';
import type { Deps } from '../deps.ts';
import { FunnelPage } from '../pages/admin-funnel.tsx';
import { OverviewPage } from '../pages/admin-overview.tsx';

/** The console's numbers: the overview and the per-message funnel. */
export function adminConsoleRoutes(deps: Deps) {
  return new Hono()
    .get('/', async (c) =>
      c.html(<OverviewPage overview={await loadOverview(deps, deps.clock())} />),
    )
    .get('/funnel', async (c) => {
      const { courses } = deps;
      const course = courses.byId(c.req.query('course')?.slice(0, 64) ?? '') ?? courses.all[0];
      if (!course) return c.notFound();
      return c.html(
        <FunnelPage
          course={course}
          courses={courses.all}
          funnel={await loadFunnel(deps, course)}
        />,
      );
    });
}
