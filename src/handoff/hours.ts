import { isQuietTime, localMinutes, minutesOf } from "./quietHours.js";

/** "HH:MM-HH:MM" windows (quiet hours, agent hours) in one time zone; the window may wrap midnight. */
export interface TimeWindow {
  window: string;
  timeZone: string;
}

/** True when `at` is inside the window. */
export function isWithin(at: Date, w: TimeWindow): boolean {
  return isQuietTime(at, w);
}


/** The next moment (whole minute) at or after `at` when the local clock shows `hhmm`. */
export function nextLocalTime(at: Date, hhmm: string, timeZone: string): Date {
  const now = localMinutes(at, timeZone);
  const delta = (minutesOf(hhmm) - now + 1440) % 1440;
  const base = new Date(at.getTime());
  base.setUTCSeconds(0, 0);
  return new Date(base.getTime() + delta * 60_000);
}

export function windowStart(w: TimeWindow): string {
  return w.window.split("-")[0] ?? "00:00";
}

export function windowEndText(w: TimeWindow): string {
  return w.window.split("-")[1] ?? "00:00";
}

/** When the window containing `at` ends (null when `at` is outside it). */
export function windowEnd(at: Date, w: TimeWindow): Date | null {
  if (!isWithin(at, w)) return null;
  return nextLocalTime(at, windowEndText(w), w.timeZone);
}
