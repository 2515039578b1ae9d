import { listenedEventTypes, recordWebhookEvents } from '../db/webhooks.ts';
import type { Deps } from '../deps.ts';
import { type EventData, type EventType, eventBody, type OutgoingEvent } from './events.ts';

/**
 * Records events in the webhook ledger for every endpoint that listens, to be sent by the
 * next pass (src/outgoing/send.ts): the one call a state change makes, after it has
 * happened. Never throws: a ledger that cannot be written must not undo or fail the change
 * a person asked for; it is logged instead.
 */
export async function emitEvents(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  events: readonly OutgoingEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const now = deps.clock();
  try {
    // Bodies only for events some endpoint listens to; the insert still matches each event
    // to each endpoint. With no endpoint, a sending batch builds none of its hundred bodies.
    const listened = await listenedEventTypes(deps.db);
    const heard = listened === '*' ? events : events.filter((event) => listened.has(event.type));
    if (heard.length === 0) return;
    await recordWebhookEvents(
      deps.db,
      heard.map((event) => ({
        type: event.type,
        payload: eventBody(event, now),
        subscriberId: event.data.subscriber_id,
      })),
      now.toISOString(),
    );
  } catch (error) {
    deps.log.error('webhook.emit_failed', {
      types: [...new Set(events.map((event) => event.type))].join(','),
      reason: (error as Error).message,
    });
  }
}

/** One event: `await emit(deps, 'subscriber.confirmed', { ... })`. */
export function emit<T extends EventType>(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  type: T,
  data: EventData[T],
): Promise<void> {
  return emitEvents(deps, [{ type, data } as OutgoingEvent]);
}
