import { parseArgs } from 'node:util';
import { apiKeyName, newApiKey } from '../api/keys.ts';
import { insertApiKey, listApiKeys, revokeApiKey } from '../db/api-keys.ts';
import { nodeDeps } from '../node/deps.ts';
import { CliError, type Command, parseOrExplain, quietLog } from './io.ts';

const HELP = `Usage: tend api-key create --name NAME
       tend api-key list
       tend api-key revoke NAME

create   makes a key for /api/v1 and prints it once, alone on its own line; only its
         SHA-256 is kept, so it cannot be shown again (make a new one instead)
list     names, first characters, when made and last used, and revoked keys
revoke   stops the live key of that name at once (requests with it get 401)

Requests send it as \`Authorization: Bearer <key>\`; docs/api.md says more.`;

export const apiKeyCommand: Command = {
  name: 'api-key',
  summary: 'create, list or revoke keys for the HTTP API',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOrExplain('api-key', () =>
      parseArgs({
        args,
        allowPositionals: true,
        options: { name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      }),
    );
    const [action, ...rest] = positionals;
    if (values.help || !action) {
      await io.out(`${HELP}\n`);
      return values.help ? 0 : 1;
    }
    if (action !== 'create' && action !== 'list' && action !== 'revoke') {
      throw new CliError(`api-key: unknown action "${action.slice(0, 40)}" (create, list, revoke)`);
    }
    const { deps, close } = await nodeDeps(io.env, { log: quietLog });
    try {
      const now = deps.clock().toISOString();
      if (action === 'create') {
        const name = apiKeyName(values.name ?? rest[0] ?? '');
        if (!name) throw new CliError('api-key: give a name of 1 to 60 characters (--name NAME)');
        const key = await newApiKey();
        const stored = await insertApiKey(deps.db, { name, ...key, now });
        if (!stored) throw new CliError(`api-key: a live key is already named "${name}"`);
        // The key alone on stdout, so that `KEY=$(tend api-key create --name x)` works.
        io.err.write(`tend: api key "${name}" created; it is shown this once:\n`);
        await io.out(`${key.key}\n`);
        return 0;
      }
      if (action === 'list') {
        const keys = await listApiKeys(deps.db);
        if (keys.length === 0) {
          await io.out('no API keys (tend api-key create --name NAME)\n');
          return 0;
        }
        const lines = keys.map((key) =>
          [
            key.name.padEnd(20),
            `${key.prefix}…`,
            `created ${key.createdAt.slice(0, 16).replace('T', ' ')}`,
            key.lastUsedAt ? `used ${key.lastUsedAt.slice(0, 16).replace('T', ' ')}` : 'never used',
            key.revokedAt ? `REVOKED ${key.revokedAt.slice(0, 16).replace('T', ' ')}` : 'live',
          ].join('  '),
        );
        await io.out(`${lines.join('\n')}\n`);
        return 0;
      }
      const name = values.name ?? rest[0] ?? '';
      if (!(await revokeApiKey(deps.db, { name }, now))) {
        throw new CliError(`api-key: no live key is named "${name.slice(0, 60)}"`);
      }
      await io.out(`revoked "${name}"\n`);
      return 0;
    } finally {
      await close();
    }
  },
};
