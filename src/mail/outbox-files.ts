import { writeFile } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutboxEntry, OutboxStore } from './outbox.ts';

const STORED_ID = /^[a-zA-Z0-9_-]{1,200}$/;

/** Node's outbox: one RFC 5322 file per email in a folder, openable by any mail client. */
export function fileOutboxStore(dir: string): OutboxStore {
  // Owner-only: every message holds an address and working links (0700, files 0600).
  const ready = mkdir(dir, { recursive: true, mode: 0o700 });
  // A folder that cannot be made fails each put and list that waits for it; a store that is
  // never used (a command that sends nothing) must not die of an unhandled rejection.
  ready.catch(() => {});
  const path = (id: string) => join(dir, `${id}.eml`);
  return {
    async put(entry, eml) {
      await ready;
      // Written through the thread pool with plain callbacks: creating and filling a file of
      // 20 to 30 KB costs 30 to 300 µs of system time (most when the kernel first hands out
      // the pages), which would otherwise stop the event loop and every request behind it.
      // fs/promises would add a FileHandle and promises around each step for nothing.
      // 'wx' refuses to overwrite: a retry of a message already written keeps the first copy.
      await new Promise<void>((resolve, reject) => {
        writeFile(path(entry.id), eml, { flag: 'wx', mode: 0o600 }, (error) => {
          if (error && error.code !== 'EEXIST') reject(error);
          else resolve();
        });
      });
    },
    async list(limit) {
      await ready;
      const names = (await readdir(dir)).filter((name) => name.endsWith('.eml'));
      const entries = await Promise.all(
        names.map(async (name): Promise<OutboxEntry> => {
          const id = name.slice(0, -'.eml'.length);
          const [info, head] = await Promise.all([stat(path(id)), readHead(path(id))]);
          return {
            id,
            recipient: header(head, 'To'),
            subject: decodeSubject(header(head, 'Subject')),
            createdAt: info.mtime.toISOString(),
          };
        }),
      );
      return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
    },
    async read(id) {
      if (!STORED_ID.test(id)) return undefined;
      return readFile(path(id), 'utf8').catch(() => undefined);
    },
    async remove(ids) {
      // force: a message never written (or removed by an earlier, interrupted erasure) is fine.
      for (const id of ids) if (STORED_ID.test(id)) await rm(path(id), { force: true });
    },
  };
}

async function readHead(file: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  return text.slice(0, text.indexOf('\r\n\r\n'));
}

function header(head: string, name: string): string {
  const match = new RegExp(`^${name}: (.*)$`, 'mi').exec(head);
  return (match?.[1] ?? '').trim();
}

function decodeSubject(value: string): string {
  return value.replace(/=\?UTF-8\?B\?([^?]*)\?=\s?/gi, (_, b64: string) =>
    Buffer.from(b64, 'base64').toString('utf8'),
  );
}
