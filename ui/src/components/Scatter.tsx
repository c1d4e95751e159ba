// A scatter plot of one value against another, drawn as SVG elements (no markup strings).
import { num } from '../format';
import { PALETTE } from './Chart';

export interface Point {
  label: string;
  x: string | number;
  y: number;
  href: string;
}

const W = 640,
  H = 360,
  L = 64,
  R = 16,
  T = 16,
  B = 48;

const tick = (v: number) => String(Number(v.toPrecision(3)));

function ticks(min: number, max: number, n = 5): number[] {
  if (min === max) return [min];
  return Array.from({ length: n + 1 }, (_, i) => min + ((max - min) * i) / n);
}

export function Scatter({ points, xLabel, yLabel }: { points: Point[]; xLabel: string; yLabel: string }) {
  const numeric = points.every((p) => typeof p.x === 'number');
  const categories = numeric ? [] : Array.from(new Set(points.map((p) => String(p.x)))).sort();
  const xs = points.map((p) => p.x as number);
  const ys = points.map((p) => p.y);
  const pad = (a: number, b: number) => (a === b ? [a - 1, b + 1] : [a - (b - a) * 0.05, b + (b - a) * 0.05]);
  const [x0, x1] = numeric ? pad(Math.min(...xs), Math.max(...xs)) : [0, 1];
  const [y0, y1] = pad(Math.min(...ys), Math.max(...ys));
  const sx = (x: string | number) =>
    numeric
      ? L + (((x as number) - x0) / (x1 - x0)) * (W - L - R)
      : L + ((categories.indexOf(String(x)) + 0.5) / categories.length) * (W - L - R);
  const sy = (y: number) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
  return (
    <svg class="scatter" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${yLabel} against ${xLabel}`} data-points={points.length}>
      <line x1={L} y1={H - B} x2={W - R} y2={H - B} class="axis" />
      <line x1={L} y1={T} x2={L} y2={H - B} class="axis" />
      {numeric
        ? ticks(x0, x1).map((t) => (
            <text x={sx(t)} y={H - B + 16} text-anchor="middle" class="tick">
              {tick(t)}
            </text>
          ))
        : categories.map((c) => (
            <text x={sx(c)} y={H - B + 16} text-anchor="middle" class="tick">
              {c.length > 14 ? c.slice(0, 13) + '…' : c}
            </text>
          ))}
      {ticks(y0, y1).map((t) => (
        <text x={L - 6} y={sy(t) + 4} text-anchor="end" class="tick">
          {tick(t)}
        </text>
      ))}
      <text x={(L + W - R) / 2} y={H - 8} text-anchor="middle" class="axis-label">
        {xLabel}
      </text>
      <text x={14} y={(T + H - B) / 2} text-anchor="middle" class="axis-label" transform={`rotate(-90 14 ${(T + H - B) / 2})`}>
        {yLabel}
      </text>
      {points.map((p, i) => (
        <a href={p.href} data-app>
          <circle cx={sx(p.x)} cy={sy(p.y)} r={6} fill={PALETTE[i % PALETTE.length]} class="dot">
            <title>{`${p.label}: ${xLabel}=${p.x}, ${yLabel}=${num(p.y)}`}</title>
          </circle>
        </a>
      ))}
    </svg>
  );
}
