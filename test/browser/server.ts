import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ParsedMail, simpleParser } from 'mailparser';
import { removeDir } from '../support/temp.ts';

const run = promisify(execFile);

export const ADMIN_PASSWORD = 'browser console password';

/** Tend as `npm start` runs it (scripts/launch.mjs node), on a free port, in a fresh folder. */
export interface RunningTend {
  readonly url: string;
  readonly dir: string;
  readonly outbox: string;
  /** `tend tick --now ISO` against the same database and outbox; its JSON summary. */
  tick(now: Date): Promise<{ sent: number }>;
  /** Every email in the outbox, parsed, oldest first. */
  emails(): Promise<Email[]>;
  /** The newest email to `address` that `wanted` accepts, waiting for it to be written. */
  emailTo(address: string, wanted: (email: Email) => boolean): Promise<Email>;
  stop(): Promise<void>;
}

export interface Email {
  readonly file: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The first link in the text part whose path starts with `/${purpose}/`. */
  link(purpose: string): string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function toEmail(file: string, mail: ParsedMail): Email {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  const text = mail.text ?? '';
  return {
    file,
    to: to?.value[0]?.address ?? '',
    subject: mail.subject ?? '',
    text,
    html: typeof mail.html === 'string' ? mail.html : '',
    link(purpose) {
      const found = text.match(new RegExp(`https?://[^\\s]+/${purpose}/[A-Za-z0-9_-]+`));
      if (!found) throw new Error(`no /${purpose}/ link in "${mail.subject}"`);
      return found[0];
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`tend exited with ${child.exitCode}: ${log()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`tend did not become healthy: ${log()}`);
}

export async function startTend(): Promise<RunningTend> {
  const dir = mkdtempSync(join(tmpdir(), 'tend-browser-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const outbox = join(dir, 'outbox');
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    PUBLIC_URL: url,
    DATABASE_PATH: join(dir, 'tend.db'),
    OUTBOX_DIR: outbox,
    SECRET_KEY: 'browser-secret-browser-secret-0123456789',
    RESEND_API_KEY: '',
    ADMIN_PASSWORD,
  };
  const child = spawn(process.execPath, ['scripts/launch.mjs', 'node'], { env, stdio: 'pipe' });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await waitForHealth(url, child, () => output);

  const emails = async () => {
    let files: string[];
    try {
      files = readdirSync(outbox).filter((name) => name.endsWith('.eml'));
    } catch {
      return [];
    }
    const parsed = await Promise.all(
      files.map(async (file) => ({
        email: toEmail(file, await simpleParser(readFileSync(join(outbox, file)))),
        date: statSync(join(outbox, file)).mtimeMs,
      })),
    );
    return parsed.sort((a, b) => a.date - b.date).map((entry) => entry.email);
  };

  return {
    url,
    dir,
    outbox,
    async tick(now) {
      const { stdout } = await run(
        process.execPath,
        ['bin/tend.js', 'tick', '--now', now.toISOString()],
        {
          env,
        },
      );
      return JSON.parse(stdout);
    },
    emails,
    async emailTo(address, wanted) {
      for (let i = 0; i < 300; i++) {
        const found = (await emails())
          .filter((email) => email.to === address && wanted(email))
          .at(-1);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const subjects = (await emails()).map((email) => `${email.to}: ${email.subject}`);
      throw new Error(`no such email to ${address}; outbox: ${subjects.join('; ')}`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timeout = new Promise((resolve) => setTimeout(resolve, 5000));
        await Promise.race([exited, timeout]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      removeDir(dir);
    },
  };
}
