import type { Config } from './config.ts';
import type { Courses } from './course/courses.ts';
import type { Db } from './db/database.ts';
import type { WriteBatcher } from './db/write-batches.ts';
import type { Logger } from './log.ts';
import type { Mailer } from './mail/message.ts';
import type { OutboxStore } from './mail/outbox.ts';
import type { ReflectionCipher } from './reflections/cipher.ts';
import type { InboundSource } from './reflections/inbound.ts';
import type { AddressHasher } from './subscribers/address-hash.ts';
import type { TokenSigner } from './tokens/token.ts';

/** What a runtime's composition root (node.ts, worker.ts) hands to the app and the job. */
export interface Deps {
  readonly db: Db;
  readonly mailer: Mailer;
  readonly config: Config;
  readonly courses: Courses;
  readonly clock: () => Date;
  readonly signer: TokenSigner;
  /** The keyed hash of an address that signups look up among erased addresses. */
  readonly addressHasher: AddressHasher;
  /**
   * The same hash under each SECRET_KEY_PREVIOUS: addresses erased before a rotation stay
   * hashed under the key of their day, and nothing can re-key them.
   */
  readonly previousAddressHashers?: readonly AddressHasher[];
  readonly cipher: ReflectionCipher;
  readonly log: Logger;
  /** Where received replies are fetched from (the provider's receiving API), if any. */
  readonly inbound?: InboundSource;
  /** Present when mail goes to the outbox, so /dev/outbox can show it. */
  readonly outbox?: OutboxStore;
  /**
   * Where small writes of many requests share a transaction (Node: those of one event-loop
   * turn); absent where there are no interactive transactions (D1), and each runs alone.
   */
  readonly writeBatcher?: WriteBatcher;
}
