import type { createApp } from '../../src/app.ts';
import type { TestDeps } from '../support/deps.ts';

/** The bindings @hono/node-server gives a request: the socket the client connected from. */
export const fromSocket = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

/** A request to `app` as Node's server hands it over, from `address`. */
export function requestFrom(
  app: ReturnType<typeof createApp>,
  address: string,
  path: string,
  init: RequestInit = {},
) {
  return app.request(path, init, fromSocket(address));
}

export const LIMITS_ON = {
  FORM_LIMIT_PER_CLIENT: '2',
  FORM_LIMIT_BURST_PER_CLIENT: '3',
  FORM_LIMIT_GLOBAL: '60',
  FORM_LIMIT_BURST_GLOBAL: '8',
};

export async function confirmationCount(deps: TestDeps): Promise<number> {
  const row = await deps.db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('message_key', 'like', 'confirm:%')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
