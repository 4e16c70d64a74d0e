// Built once: constructing an Intl.DateTimeFormat costs far more than formatting with it.
const GERMAN_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date (YYYY-MM-DD) in Germany, where the service's users and patients are. */
export function todayInGermany(now: Date = new Date()): string {
  return GERMAN_DATE.format(now);
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** `work`, or a TimeoutError after `ms`; the work itself is not cancelled (bound it otherwise). */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
