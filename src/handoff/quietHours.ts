/**
 * Quiet hours (POLICY.md §6): nothing proactive between, by default, 21:00 and 08:00 in the
 * borrower's time zone. Replies inside a conversation the borrower is active in are not
 * proactive and are not checked here.
 */
export interface QuietHours {
  /** "HH:MM-HH:MM"; the window may wrap past midnight. */
  window: string;
  timeZone: string;
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Minutes since local midnight at `at` in `timeZone`. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localMinutes(at: Date, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) formatters.set(timeZone, (format = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })));
  const parts = format.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

export function isQuietTime(at: Date, { window, timeZone }: QuietHours): boolean {
  const [from, to] = window.split("-") as [string, string];
  const start = minutesOf(from);
  const end = minutesOf(to);
  const now = localMinutes(at, timeZone);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}
