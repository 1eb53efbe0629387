/**
 * The dashboard's times as a teacher reads them at a glance: "3 min ago" for last activity, "12 min" for how
 * long a student has been stuck, and a clock time (in the reader's time zone) for first passes and history.
 */

import type { Locale } from '../../../common/localized';
import { TEXT } from './text';

export function ago(now: number, at: number, locale: Locale): string {
  const seconds = Math.max(0, Math.floor((now - at) / 1000));
  if (seconds < 10) return TEXT.justNow[locale];
  if (seconds < 60) return TEXT.secondsAgo(seconds)[locale];
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return TEXT.minutesAgo(minutes)[locale];
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return TEXT.hoursAgo(hours)[locale];
  return TEXT.daysAgo(Math.floor(hours / 24))[locale];
}

export function duration(ms: number, locale: Locale): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return TEXT.minutes(minutes)[locale];
  return TEXT.hours(Math.floor(minutes / 60), minutes % 60)[locale];
}

/** A date and time to the second, for titles and the history. */
export function clockTime(at: number, locale: Locale): string {
  return new Date(at).toLocaleString(locale, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
