import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { composePreview, previewVariants } from '../admin/previews.ts';
import { roleSlug } from '../course/roles.ts';
import { nodeDeps } from '../node/deps.ts';
import { CliError, type Command, parseOrExplain, quietLog } from './io.ts';

export const previewCommand: Command = {
  name: 'preview',
  summary: "write every email's HTML and text to a folder",
  help: `Usage: tend preview [--out DIR]

Renders every email the course sends (confirmation, welcome, each lesson, closing, check-in,
reply acknowledgement) for every role and for a reader with none ("anyone"), plain and
discreet, and writes each as <course>/<email>-<role>[-discreet].html and .txt into DIR, for
every course. Links carry a dummy token.

Options:
  --out DIR   where to write (default: ./data/preview)`,
  async run(args, io) {
    const { values } = parseOrExplain('preview', () =>
      parseArgs({
        args,
        options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      }),
    );
    if (values.help) {
      await io.out(`${this.help}\n`);
      return 0;
    }
    const dir = resolve(io.cwd, values.out ?? 'data/preview');
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new CliError(
        `preview: cannot create ${values.out ?? dir}: ${(error as Error).message}`,
      );
    }
    const { deps, close } = await nodeDeps(io.env, { log: quietLog });
    let files = 0;
    try {
      for (const course of deps.courses.all) {
        mkdirSync(join(dir, course.id), { recursive: true });
        for (const variant of previewVariants(course)) {
          const name = `${variant.message.slug}-${roleSlug(variant.role)}${variant.discreet ? '-discreet' : ''}`;
          const email = await composePreview(deps, variant);
          writeFileSync(join(dir, course.id, `${name}.html`), email.html);
          writeFileSync(
            join(dir, course.id, `${name}.txt`),
            `Subject: ${email.subject}\nFrom: ${email.from}\n\n${email.text}`,
          );
          files += 2;
        }
      }
    } finally {
      await close();
    }
    const shown = relative(io.cwd, dir);
    await io.out(`wrote ${files} files to ${shown.startsWith('..') ? dir : shown || '.'}\n`);
    return 0;
  },
};
