/**
 * Pure: a verified provider event, reduced to what Tend acts on. Resend's envelope is
 * `{ type, created_at, data: { email_id, tags?, bounce?, ... } }`; `tags` is an object in
 * webhooks (an array of { name, value } is accepted too, as sent).
 */
export interface WebhookEvent {
  /** The svix-id header: the same for every delivery attempt of one event. */
  readonly svixId: string;
  readonly type: string;
  readonly occurredAt: string | null;
  /** The provider's id of the email the event is about. */
  readonly emailId: string | null;
  /** The `delivery` tag Tend put on the email. */
  readonly deliveryId: number | null;
  /** 'Permanent' or 'Transient' on email.bounced. */
  readonly bounceType: string | null;
  /** The event's data, for handlers that need more (never logged: it holds addresses). */
  readonly data: Readonly<Record<string, unknown>>;
}

export function parseWebhookEvent(svixId: string, payload: unknown): WebhookEvent | null {
  if (!isRecord(payload) || typeof payload.type !== 'string' || payload.type === '') return null;
  const data = isRecord(payload.data) ? payload.data : {};
  const bounce = isRecord(data.bounce) ? data.bounce : {};
  const deliveryTag = tag(data.tags, 'delivery');
  return {
    svixId,
    type: payload.type.slice(0, 100),
    occurredAt: typeof payload.created_at === 'string' ? payload.created_at.slice(0, 40) : null,
    emailId: typeof data.email_id === 'string' ? data.email_id.slice(0, 200) : null,
    deliveryId: deliveryTag && /^\d{1,15}$/.test(deliveryTag) ? Number(deliveryTag) : null,
    bounceType: typeof bounce.type === 'string' ? bounce.type.slice(0, 40) : null,
    data,
  };
}

function tag(tags: unknown, name: string): string | null {
  if (Array.isArray(tags)) {
    const found = tags.find((t) => isRecord(t) && t.name === name);
    return isRecord(found) && typeof found.value === 'string' ? found.value : null;
  }
  if (isRecord(tags)) {
    const value = tags[name];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
