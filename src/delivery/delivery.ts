import type { DeliveryStatus } from '../db/schema.ts';

export type { DeliveryStatus };

/** One email to one enrollment, as the rest of Tend sees it (src/db maps the row). */
export interface Delivery {
  readonly id: number;
  readonly enrollmentId: number;
  readonly round: number;
  /** What the email is (src/course/message-key.ts). */
  readonly messageKey: string;
  /** The random id its links carry. */
  readonly tokenId: string;
  readonly status: DeliveryStatus;
  readonly dueAt: Date;
  readonly attempts: number;
  readonly leaseUntil: Date | null;
  readonly providerId: string | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
  readonly updatedAt: Date;
  /** The Idempotency-Key of the provider request that carries it (its batch). */
  readonly batchKey: string | null;
}
