import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Config, type Env, parseConfig } from '../config.ts';
import { type Courses, parseCourses } from '../course/courses.ts';
import { openSqlite } from '../db/sqlite.ts';
import { writeBatcher } from '../db/write-batches.ts';
import type { Deps } from '../deps.ts';
import { jsonLogger, type Logger } from '../log.ts';
import { fileOutboxStore } from '../mail/outbox-files.ts';
import { selectMailer } from '../mail/select.ts';
import { ReflectionCipher } from '../reflections/cipher.ts';
import { TokenSigner, tokenMac } from '../tokens/token.ts';
import { nodeAddressHasher } from './address-hasher.ts';
import { readContentFolders } from './course-files.ts';
import { packageRoot } from './paths.ts';
import { nodeApiTransport } from './resend-http.ts';

export const CONTENT_DIR = join(packageRoot(), 'content');

/** Reads every course of a content folder (CONTENT_DIR; the package's content/ by default). */
export function readCourses(dir = CONTENT_DIR): Courses {
  return parseCourses(readContentFolders(dir));
}

/**
 * In development, SECRET_KEY may be unset: a random one is kept beside the database so that
 * links in emails already sent keep working across restarts. Production refuses this.
 */
function developmentSecret(databasePath: string): string {
  const file = join(dirname(resolve(databasePath)), 'secret.key');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

export async function nodeDeps(
  env: Env,
  options: { log?: Logger; clock?: () => Date } = {},
): Promise<{ deps: Deps; close: () => Promise<void> }> {
  const config: Config = parseConfig(env, { fallbackSecret: developmentSecret });
  const courses = readCourses(config.contentDir ? resolve(config.contentDir) : CONTENT_DIR);
  // Folders this creates are the owner's alone, like the files in them (0700, files 0600).
  mkdirSync(dirname(resolve(config.databasePath)), { recursive: true, mode: 0o700 });
  const { db, close } = await openSqlite(config.databasePath);
  const clock = options.clock ?? (() => new Date());
  const mail = selectMailer(config, fileOutboxStore(config.outboxDir), clock, nodeApiTransport());
  const deps: Deps = {
    db,
    config,
    courses,
    clock,
    signer: new TokenSigner(
      config.secretKey,
      tokenMac(config.secretKey),
      config.secretKeyPrevious.map(tokenMac),
    ),
    addressHasher: nodeAddressHasher(config.secretKey),
    previousAddressHashers: config.secretKeyPrevious.map(nodeAddressHasher),
    cipher: new ReflectionCipher(config.secretKey, config.secretKeyPrevious),
    log: options.log ?? jsonLogger(),
    // The rate limits' writes of one event-loop turn share a commit (src/limits/).
    writeBatcher: writeBatcher(db, setImmediate),
    ...mail,
  };
  return { deps, close };
}
