import type { Delivery } from '../delivery/delivery.ts';
import type { Reflection } from '../reflections/reflection.ts';
import { instant } from './enrollment-mapping.ts';
import type { DeliveryRow, ReflectionRow } from './schema.ts';

/** Deliveries and reflections leave src/db as these (see enrollment-mapping.ts). */

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    enrollmentId: row.enrollment_id,
    round: row.round,
    messageKey: row.message_key,
    tokenId: row.token_id,
    status: row.status,
    dueAt: instant(row.due_at),
    attempts: row.attempts,
    leaseUntil: instant(row.lease_until),
    providerId: row.provider_id,
    lastError: row.last_error,
    createdAt: instant(row.created_at),
    sentAt: instant(row.sent_at),
    updatedAt: instant(row.updated_at),
    batchKey: row.batch_key,
  };
}

export function toReflection(row: ReflectionRow): Reflection {
  return {
    id: row.id,
    enrollmentId: row.enrollment_id,
    deliveryId: row.delivery_id,
    messageKey: row.message_key,
    source: row.source,
    ciphertext: row.ciphertext,
    inboundId: row.inbound_id,
    createdAt: instant(row.created_at),
    updatedAt: instant(row.updated_at),
    shared: row.shared === 1,
  };
}
