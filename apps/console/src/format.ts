/** How numbers, prices, times and ages read in the console. Pure: tests pin every form. */

/** USD per hour, e.g. $0.0123/h (see formatPrice). */
export function formatPricePerHour(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return '—';
  return `$${formatPrice(usd)}/h`;
}

/**
 * A plain price without the unit, for tables whose header names it: cents with 2 decimals
 * from a dollar up, 4 below (spot prices are often fractions of a cent), and 2 significant
 * digits below a hundredth of a cent, so a tiny price or cost never reads as 0 (and never
 * in exponent notation).
 */
export function formatPrice(usd: number): string {
  if (usd >= 1) return usd.toFixed(2);
  if (usd === 0 || usd >= 0.0001) return usd.toFixed(4);
  const twoSignificantDigits = 1 - Math.floor(Math.log10(usd));
  return usd.toFixed(Math.min(twoSignificantDigits, 20)).replace(/0+$/, '');
}

/** "running / max" style capacity with the limits. */
export function formatCapacityRange(min: number, max: number): string {
  return min === max ? `${min}` : `${min}–${max}`;
}

/** Age of something started at `iso`, as a person says it: "42 s", "5 min", "3 h 10 min", "2 d 4 h". */
export function formatAge(iso: string, now: Date): string {
  const ms = now.getTime() - Date.parse(iso);
  if (!Number.isFinite(ms)) return '—';
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** "12 s ago", or "never" for null. */
export function formatRelative(iso: string | null, now: Date): string {
  if (!iso) return 'never';
  return `${formatAge(iso, now)} ago`;
}

/** Local time of day for chart axes: 14:05, or with the date when the window spans days. */
export function formatAxisTime(ms: number, spanMs: number): string {
  const date = new Date(ms);
  const hm = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return spanMs > 36 * 3600_000 ? `${date.getMonth() + 1}/${date.getDate()} ${hm}` : hm;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
