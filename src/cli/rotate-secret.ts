import { parseArgs } from 'node:util';
import { nodeDeps } from '../node/deps.ts';
import { resealWebhookSecrets } from '../outgoing/secret.ts';
import { resealReflections } from '../reflections/rotate.ts';
import { CliError, type Command, parseOrExplain, quietLog } from './io.ts';

export const rotateSecretCommand: Command = {
  name: 'rotate-secret',
  summary: 're-encrypt every reflection under the current SECRET_KEY',
  help: `Usage: tend rotate-secret

After a new SECRET_KEY is set with the old one in SECRET_KEY_PREVIOUS, re-encrypts every
reflection still under an old key with the new one, row by row (safe to stop and run again),
and prints how many. Once it reports none left under an old key, the old key can leave
SECRET_KEY_PREVIOUS; links signed with it stop working then.`,
  async run(args, io) {
    const { values } = parseOrExplain('rotate-secret', () =>
      parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } }),
    );
    if (values.help) {
      await io.out(`${this.help}\n`);
      return 0;
    }
    const { deps, close } = await nodeDeps(io.env, { log: quietLog });
    try {
      if (deps.config.secretKeyPrevious.length === 0) {
        throw new CliError(
          'rotate-secret: SECRET_KEY_PREVIOUS is not set (put the old key there and the new one in SECRET_KEY)',
        );
      }
      const report = await resealReflections(deps);
      const secrets = await resealWebhookSecrets(deps);
      await io.out(
        `re-encrypted ${report.resealed} reflections under the current SECRET_KEY (${report.current} already were)\n`,
      );
      if (secrets.resealed > 0) {
        await io.out(`re-encrypted ${secrets.resealed} webhook signing secrets\n`);
      }
      if (secrets.unreadable > 0) {
        io.err.write(
          `tend: rotate-secret: ${secrets.unreadable} webhook signing secrets open under none of the keys given (add the endpoints again)\n`,
        );
      }
      if (report.unreadable > 0) {
        io.err.write(
          `tend: rotate-secret: ${report.unreadable} reflections open under none of the keys given and were left as they are\n`,
        );
      }
      if (report.unreadable > 0 || secrets.unreadable > 0) return 2;
    } finally {
      await close();
    }
    return 0;
  },
};
