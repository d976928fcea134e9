/** Timestamps arrive as RFC 3339 UTC; staff see the computer's local time. */

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dateOnly = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? dateTime.format(d) : "—";
}

/** Local time of day when `iso` is today, else date and time. */
export function formatShort(iso: string | null | undefined, now: Date = new Date()): string {
  const d = parse(iso);
  if (!d) return "—";
  return d.toDateString() === now.toDateString() ? timeOnly.format(d) : dateTime.format(d);
}

/** "in 3 min", "2 h ago", "just now". */
export function relative(iso: string | null | undefined, now: Date = new Date()): string {
  const d = parse(iso);
  if (!d) return "—";
  const s = Math.round((d.getTime() - now.getTime()) / 1000);
  const a = Math.abs(s);
  if (a < 45) return s >= 0 && a >= 5 ? "in a few seconds" : "just now";
  let text: string;
  if (a < 90 * 60) text = `${Math.max(1, Math.round(a / 60))} min`;
  else if (a < 36 * 3600) text = `${Math.round(a / 3600)} h`;
  else text = `${Math.round(a / 86400)} days`;
  return s > 0 ? `in ${text}` : `${text} ago`;
}

/** A time that has passed ("5 min ago"); one that reads a little ahead of this computer's
 *  clock (the screen's clock ticks every few seconds) is "just now", never "in a few seconds". */
export function ago(iso: string | null | undefined, now: Date = new Date()): string {
  const d = parse(iso);
  if (!d) return "—";
  return relative(d.getTime() > now.getTime() ? now.toISOString() : iso, now);
}

/** "2026-11-16" → "Nov 16" (a calendar day, no time zone shift). */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return dateOnly.format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** Splits help text on `backticks` so code can be shown as code (no HTML is built from text). */
export function helpParts(text: string): { code: boolean; text: string }[] {
  // doc comments arrive with their source line breaks: one paragraph of text
  return text
    .replace(/\s*\n\s*/g, " ")
    .split("`")
    .map((t, i) => ({ code: i % 2 === 1, text: t }))
    .filter((p) => p.text !== "");
}
