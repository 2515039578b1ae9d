import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type AppOptions, createApp } from '../../src/app.ts';
import type { Deps } from '../../src/deps.ts';

/** Tend's app served over real HTTP on 127.0.0.1, on a free port. */
export async function startTend(
  deps: Deps,
  options: AppOptions = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp(deps, options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
