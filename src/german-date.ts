// Built once: constructing an Intl.DateTimeFormat costs far more than formatting with it.
const GERMAN_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date (YYYY-MM-DD) in Germany, where the service's users and patients are. */
export function todayInGermany(now: Date = new Date()): string {
  return GERMAN_DATE.format(now);
}
