import { parseArgs } from 'node:util';
import { deleteWebhookEndpoint, listWebhookEndpoints, webhookTallies } from '../db/webhooks.ts';
import { nodeDeps } from '../node/deps.ts';
import { addWebhookEndpoint, webhookUrlProblem } from '../outgoing/endpoints.ts';
import { EVENT_TYPES, parseEventList } from '../outgoing/events.ts';
import { CliError, type Command, parseOrExplain, quietLog } from './io.ts';

const HELP = `Usage: tend webhook add URL [--events a,b]
       tend webhook list
       tend webhook remove ID

add      posts events to URL, signed as Standard Webhooks says, and prints the signing
         secret (whsec_…) once, alone on its own line; without --events, every event
list     endpoints with what is pending, delivered and failed; disabled ones say so
remove   stops posting to an endpoint and forgets its undelivered messages

Events: ${EVENT_TYPES.join(', ')}.
docs/api.md shows each body and how to verify a signature.`;

export const webhookCommand: Command = {
  name: 'webhook',
  summary: 'add, list or remove webhook endpoints',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOrExplain('webhook', () =>
      parseArgs({
        args,
        allowPositionals: true,
        options: { events: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      }),
    );
    const [action, target] = positionals;
    if (values.help || !action) {
      await io.out(`${HELP}\n`);
      return values.help ? 0 : 1;
    }
    if (action !== 'add' && action !== 'list' && action !== 'remove') {
      throw new CliError(`webhook: unknown action "${action.slice(0, 40)}" (add, list, remove)`);
    }
    const { deps, close } = await nodeDeps(io.env, { log: quietLog });
    try {
      if (action === 'add') {
        const url = target ?? '';
        const problem = webhookUrlProblem(url, deps.config.production);
        if (problem) throw new CliError(`webhook: the URL ${problem}`);
        const events = parseEventList(values.events);
        if (!events.ok) {
          throw new CliError(
            `webhook: unknown event "${events.unknown}" (${EVENT_TYPES.join(', ')})`,
          );
        }
        const { endpoint, secret } = await addWebhookEndpoint(deps, url, events.events);
        io.err.write(
          `tend: webhook ${endpoint.id} added for ${events.events?.join(', ') ?? 'every event'}; its signing secret is shown this once:\n`,
        );
        await io.out(`${secret}\n`);
        return 0;
      }
      if (action === 'list') {
        const [endpoints, tallies] = await Promise.all([
          listWebhookEndpoints(deps.db),
          webhookTallies(deps.db),
        ]);
        if (endpoints.length === 0) {
          await io.out('no webhook endpoints (tend webhook add URL)\n');
          return 0;
        }
        const lines = endpoints.map((endpoint) => {
          const tally = tallies.get(endpoint.id);
          const state = endpoint.disabledAt
            ? `DISABLED ${endpoint.disabledAt.slice(0, 16).replace('T', ' ')} (${endpoint.disabledReason ?? ''})`
            : endpoint.failingSince
              ? `failing since ${endpoint.failingSince.slice(0, 16).replace('T', ' ')}`
              : 'ok';
          return `${String(endpoint.id).padStart(3)}  ${endpoint.url}  ${endpoint.events?.join(',') ?? '*'}  ${state}  pending ${tally?.pending ?? 0}, delivered ${tally?.delivered ?? 0}, failed ${tally?.failed ?? 0}`;
        });
        await io.out(`${lines.join('\n')}\n`);
        return 0;
      }
      const id = /^\d{1,15}$/.test(target ?? '') ? Number(target) : Number.NaN;
      if (!(await deleteWebhookEndpoint(deps.db, id))) {
        throw new CliError(
          `webhook: no endpoint has the id "${(target ?? '').slice(0, 20)}" (tend webhook list)`,
        );
      }
      await io.out(`removed webhook ${id}\n`);
      return 0;
    } finally {
      await close();
    }
  },
};
