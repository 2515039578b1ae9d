import { type Config, parseConfig } from '../config.ts';
import { bundledCourseFolders } from '../course/bundled-content.ts';
import { type Courses, parseCourses } from '../course/courses.ts';
import { openD1 } from '../db/d1.ts';
import type { Deps } from '../deps.ts';
import { jsonLogger, type Logger } from '../log.ts';
import { dbOutboxStore } from '../mail/outbox-db.ts';
import { selectMailer } from '../mail/select.ts';
import { ReflectionCipher } from '../reflections/cipher.ts';
import { webAddressHasher } from '../subscribers/address-hash.ts';
import { TokenSigner, tokenMac } from '../tokens/token.ts';
import { configEnv, type WorkerEnv } from './env.ts';

let courses: Courses | undefined;

/**
 * The courses, parsed from the bundle on first use and kept for the isolate's life: they
 * are the same for every request, and nothing should run at import time.
 */
export function bundledCourses(): Courses {
  courses ??= parseCourses(bundledCourseFolders);
  return courses;
}

/**
 * Deps for one Worker invocation, from its bindings. Config comes from the string bindings
 * through parseConfig, like Node's environment; SECRET_KEY must be set (a secret in
 * production, .dev.vars locally): a Worker has nowhere to keep a generated one. With no
 * RESEND_API_KEY, mail goes to the `outbox` table, shown at /dev/outbox outside production.
 */
export function workerDeps(
  env: WorkerEnv,
  options: { clock?: () => Date; log?: Logger; config?: Config } = {},
): Deps {
  const config = options.config ?? parseConfig(configEnv(env));
  const db = openD1(env.DB);
  const clock = options.clock ?? (() => new Date());
  return {
    db,
    config,
    courses: bundledCourses(),
    clock,
    signer: new TokenSigner(
      config.secretKey,
      tokenMac(config.secretKey),
      config.secretKeyPrevious.map(tokenMac),
    ),
    addressHasher: webAddressHasher(config.secretKey),
    previousAddressHashers: config.secretKeyPrevious.map(webAddressHasher),
    cipher: new ReflectionCipher(config.secretKey, config.secretKeyPrevious),
    log: options.log ?? jsonLogger(),
    ...selectMailer(config, dbOutboxStore(db), clock),
  };
}
