import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { composePreview, previewVariants } from '../admin/previews.ts';
import { roleSlug } from '../course/roles.ts';
import { CONTENT_DIR, nodeDeps } from '../node/deps.ts';
import { packageRoot } from '../node/paths.ts';
import { startPreviewServer } from '../node/preview-server.tsx';
import { CliError, type CliIo, type Command, parseOrExplain, quietLog } from './io.ts';

export const previewCommand: Command = {
  name: 'preview',
  summary: "write every email's HTML and text to a folder",
  help: `Usage: tend preview [--out DIR]
       tend preview --watch [--port PORT]

Renders every email the course sends (confirmation, welcome, each lesson, closing, check-in,
reply acknowledgement) for every role and for a reader with none ("anyone"), plain and
discreet, and writes each as <course>/<email>-<role>[-discreet].html and .txt into DIR, for
every course. Links carry a dummy token.

With --watch, serves the same emails on http://127.0.0.1:PORT instead, for whoever writes
a course: the page reloads when a file in the content folder (CONTENT_DIR) or emails/
changes, and shows the loader's error (file, field, reason) while the content is broken.
Runs until Ctrl-C.

Options:
  --out DIR     where to write (default: ./data/preview)
  --watch       serve a live preview instead of writing files
  --port PORT   the live preview's port (default: 4400; 0: any free port)`,
  async run(args, io) {
    const { values } = parseOrExplain('preview', () =>
      parseArgs({
        args,
        options: {
          out: { type: 'string' },
          watch: { type: 'boolean' },
          port: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }),
    );
    if (values.help) {
      await io.out(`${this.help}\n`);
      return 0;
    }
    if (values.watch) return watchPreview(values.port, io);
    if (values.port !== undefined) throw new CliError('preview: --port goes with --watch');
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

const DEFAULT_PORT = 4400;

/** Serves the live preview until the process is interrupted. */
async function watchPreview(portOption: string | undefined, io: CliIo): Promise<number> {
  const port = portOption === undefined ? DEFAULT_PORT : Number(portOption);
  if (!/^\d{1,5}$/.test(portOption ?? '0') || port > 65535) {
    throw new CliError(`preview: --port must be a number from 0 to 65535`);
  }
  const contentDir = io.env.CONTENT_DIR ? resolve(io.cwd, io.env.CONTENT_DIR) : CONTENT_DIR;
  const emailsDir = join(packageRoot(), 'emails');
  const server = await startPreviewServer({
    env: { ...io.env },
    contentDir,
    watch: [contentDir, emailsDir],
    port,
  });
  await io.out(
    `previewing ${contentDir} at ${server.url} (reloads when it or emails/ changes; Ctrl-C to stop)\n`,
  );
  await new Promise<void>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
  });
  await server.stop();
  return 0;
}
