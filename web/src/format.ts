// Dates and money as the person reads them: in their language and in the company's time zone
// (TIME_ZONE, which the platform writes into the page it serves).
export type Language = 'zh-CN' | 'en';

export function companyTimeZone(): string {
  const meta = document.querySelector('meta[name="company-time-zone"]')?.getAttribute('content');
  return meta && !meta.startsWith('%') ? meta : 'Asia/Shanghai';
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function formatter<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** An instant (ISO-8601) as date and time in the company's zone. */
export function formatInstant(iso: string | null | undefined, lang: Language): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatter(`i:${lang}`, () => new Intl.DateTimeFormat(lang, { timeZone: companyTimeZone(), year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })).format(d);
}

/** A calendar date (YYYY-MM-DD) as it is written in the language; no zone shift. */
export function formatDate(date: string | null | undefined, lang: Language): string {
  if (!date) return '—';
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return formatter(`d:${lang}`, () => new Intl.DateTimeFormat(lang, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' })).format(d);
}

/** Yuan (the API sends "12345.60") as the language writes money. */
export function formatMoney(yuan: string | number | null | undefined, lang: Language): string {
  if (yuan === null || yuan === undefined || yuan === '') return '—';
  const n = typeof yuan === 'number' ? yuan : Number(yuan);
  if (!Number.isFinite(n)) return String(yuan);
  return formatter(`m:${lang}`, () => new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 })).format(n);
}

const relative = new Map<string, Intl.RelativeTimeFormat>();

/** How far away an instant is, in words ("in 3 hours", "2 days ago"). */
export function formatRelative(iso: string | null | undefined, lang: Language, now = Date.now()): string {
  if (!iso) return '';
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  let rtf = relative.get(lang);
  if (!rtf) {
    rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
    relative.set(lang, rtf);
  }
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  return rtf.format(Math.round(diff / 86_400_000), 'day');
}

/** Minutes as hours and minutes ("2:05"). */
export function formatMinutes(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Today's date (YYYY-MM-DD) and this month (YYYY-MM) in the company's zone. */
export function companyToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: companyTimeZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
export function previousMonth(now = new Date()): string {
  const [y, m] = companyToday(now).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
