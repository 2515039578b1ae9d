import { DateTime } from 'luxon';

/**
 * Dates and times as a reader says them, in the reader's own zone: "Sunday 28 December,
 * 07:30". Every page and email that shows a date to a subscriber formats it here, never as
 * ISO 8601. The year appears only when it is not the year of `now`.
 */

/** "Madrid time" for Europe/Madrid, "Buenos Aires time", "UTC": the clock people name. */
export function zoneInWords(zone: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone.startsWith('Etc/'))
    return zone.replace('Etc/', '');
  const city = zone.slice(zone.lastIndexOf('/') + 1).replaceAll('_', ' ');
  return `${city} time`;
}

function dayFormat(day: DateTime, now: Date | undefined): string {
  const sameYear = !now || DateTime.fromJSDate(now, { zone: day.zone }).year === day.year;
  return day.toFormat(sameYear ? 'cccc d LLLL' : 'cccc d LLLL yyyy', { locale: 'en-GB' });
}

/** "Sunday 28 December" for a calendar date (YYYY-MM-DD). */
export function dayInWords(date: string, now?: Date): string {
  const day = DateTime.fromISO(date, { zone: 'UTC' });
  return day.isValid ? dayFormat(day, now) : date;
}

/** "Sunday 28 December, 07:30": an instant on the reader's clock. */
export function momentInWords(instant: string | Date, zone: string, now?: Date): string {
  const at =
    typeof instant === 'string'
      ? DateTime.fromISO(instant, { zone })
      : DateTime.fromJSDate(instant, { zone });
  if (!at.isValid) return '';
  return `${dayFormat(at, now)}, ${at.toFormat('HH:mm')}`;
}

/** "Sunday 28 December, 07:30 Madrid time": an instant with the zone named. */
export function momentWithZone(instant: string | Date, zone: string, now?: Date): string {
  return `${momentInWords(instant, zone, now)} ${zoneInWords(zone)}`;
}
