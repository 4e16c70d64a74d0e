import type { EventCounts } from './events';
import type { LoadCounts } from './load';

export function printCounts(label: string, load: LoadCounts, events: EventCounts): void {
  const failures = Object.entries(load.failures).map(([what, count]) => `${what}: ${count}`).join(', ');
  console.log(`${label} requests: sent ${load.sent}, failed ${load.failed}${failures ? ` (${failures})` : ''}`);
  console.log(
    `${label} events: expected ${events.expected}, delivered ${events.delivered}, lost ${events.lost}, duplicated ${events.duplicated}, out-of-order ${events.outOfOrder}` +
      (events.unconfirmed ? ` (+${events.unconfirmed} of writes whose answer the load never got)` : ''),
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Ends the process after `ms` whatever it is doing: every script here stops by itself. */
export function hardDeadline(ms: number, cleanup: () => Promise<void>): NodeJS.Timeout {
  return setTimeout(() => {
    console.error(`gave up after ${Math.round(ms / 1000)} s`);
    void cleanup().finally(() => process.exit(2));
  }, ms).unref();
}
