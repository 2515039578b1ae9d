import type { Config } from '../config.ts';
import type { Mailer } from './message.ts';
import { type OutboxStore, outboxMailer } from './outbox.ts';

/**
 * The one place that decides where mail goes, for every runtime: the provider when it is
 * configured, otherwise the runtime's outbox (files on Node, a table on Workers).
 */
export function selectMailer(
  config: Config,
  outbox: OutboxStore,
  clock: () => Date,
): { mailer: Mailer; outbox?: OutboxStore } {
  return { mailer: outboxMailer(outbox, clock, config.replyDomain), outbox };
}
