import { todayInGermany } from '../src/german-date';

// src/german-date.ts: today's date in Germany, formatted once per UTC hour; every instant gives
// what Europe/Berlin's calendar says, also around midnight and both daylight-saving switches.

const berlin = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

describe("today's date in Germany", () => {
  it('is Berlin\'s date for every minute around midnight and the daylight-saving switches, in any order of calls', () => {
    const around = [
      '2026-03-28T21:00:00Z', // the night before CET -> CEST (2026-03-29 01:00 UTC)
      '2026-10-24T20:00:00Z', // the night before CEST -> CET (2026-10-25 01:00 UTC)
      '2026-12-31T21:00:00Z', // New Year's Eve, CET
      '2026-06-30T20:00:00Z', // midnight in summer (22:00 UTC)
    ];
    const instants = around.flatMap((start) => Array.from({ length: 6 * 60 }, (_, minute) => new Date(Date.parse(start) + minute * 60_000 + 59_999 * (minute % 2))));
    // In order, then shuffled: the cached hour must never answer for another one.
    const shuffled = [...instants].sort(() => Math.random() - 0.5);
    for (const now of [...instants, ...shuffled]) expect([now.toISOString(), todayInGermany(now)]).toEqual([now.toISOString(), berlin.format(now)]);
    expect(todayInGermany(new Date('2026-06-30T21:59:59.999Z'))).toBe('2026-06-30');
    expect(todayInGermany(new Date('2026-06-30T22:00:00.000Z'))).toBe('2026-07-01');
    expect(todayInGermany(new Date('2026-12-31T22:59:59.999Z'))).toBe('2026-12-31');
    expect(todayInGermany(new Date('2026-12-31T23:00:00.000Z'))).toBe('2027-01-01');
  });

  it('refuses an invalid date as before', () => {
    expect(() => todayInGermany(new Date(Number.NaN))).toThrow(RangeError);
  });
});
