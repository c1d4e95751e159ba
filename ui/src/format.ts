export function time(ms?: number | string): string {
  if (ms == null || ms === '') return '';
  const d = new Date(Number(ms));
  if (isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function duration(start?: number | string, end?: number | string): string {
  if (start == null || end == null || end === '' || start === '') return '';
  let s = Math.max(0, (Number(end) - Number(start)) / 1000);
  if (s < 60) return s.toFixed(1) + 's';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  s = Math.floor(s % 60);
  return h ? `${h}h ${m}m` : `${m}m ${s}s`;
}

export function num(v: number | undefined | null): string {
  if (v == null) return '';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}

export function bytes(n?: number): string {
  if (n == null) return '';
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1024 / 1024).toFixed(1) + ' MiB';
}

/** A duration in milliseconds with three significant digits: "1.73 ms", "0.0001 ms". */
export function ms(v: number | undefined | null): string {
  if (v == null || !Number.isFinite(v)) return '';
  return String(Number(v.toPrecision(3))) + ' ms';
}

/** A share as a percentage with up to four significant digits: 0.125 → "12.5 %". */
export function percent(v: number | undefined | null): string {
  if (v == null || !Number.isFinite(v)) return '';
  return String(Number((v * 100).toPrecision(4))) + ' %';
}
