import type { ReflectionSource } from '../db/schema.ts';

export type { ReflectionSource };

/** A reflection as it is stored: still sealed; the journal opens it with the cipher. */
export interface Reflection {
  readonly id: number;
  readonly enrollmentId: number;
  readonly deliveryId: number;
  readonly messageKey: string;
  readonly source: ReflectionSource;
  readonly ciphertext: string;
  readonly inboundId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Shared with the partner (shown only once both shared for the lesson). */
  readonly shared: boolean;
}
