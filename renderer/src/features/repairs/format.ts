// Locale formatting for the repairs, supervision and statistics screens. Intl formatters are
// costly to build, so one per (locale, style) is kept; the case list formats ~60 dates a frame.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cached(map: Map<string, Intl.DateTimeFormat>, key: string, locale: string, options: Intl.DateTimeFormatOptions) {
  let format = map.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    map.set(key, format);
  }
  return format;
}

/** An ISO timestamp as the locale writes date and time; the raw text when it does not parse. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return cached(dateTimeFormats, locale, locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A date (YYYY-MM-DD or ISO timestamp) as the locale writes it, without shifting the calendar day. */
export function formatDate(value: string | null | undefined, locale: string): string {
  if (!value) return '—';
  // A bare YYYY-MM-DD is a calendar day: format it in UTC so no time zone moves it by one.
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(bare ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  const options: Intl.DateTimeFormatOptions = bare ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium' };
  return cached(dateFormats, `${locale}|${bare ? 'utc' : 'local'}`, locale, options).format(date);
}

/** `<input type="datetime-local">` value for a Date in local time. */
export function toDateTimeLocalValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** `<input type="date">` value (local calendar day). */
export function toDateValue(date: Date): string {
  return toDateTimeLocalValue(date).slice(0, 10);
}
