// A column's reference and current distribution as paired bars, drawn as SVG elements (no markup
// strings), with the values in a table under a disclosure for screen readers and for copying.
import { num } from '../format';
import type { Bars } from '../monitoring';

const W = 480,
  H = 220,
  L = 44,
  R = 8,
  T = 26,
  B = 34;
export const REFERENCE_COLOR = '#4f6d8f';
export const CURRENT_COLOR = '#c0392b';

const pct = (v: number) => String(Number((v * 100).toPrecision(3))) + '%';
const short = (s: string, n = 12) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

export function DistributionChart({ column, bars }: { column: string; bars: Bars }) {
  const n = bars.labels.length;
  const max = Math.max(...bars.reference, ...bars.current, 1e-12);
  const slot = (W - L - R) / n;
  const bw = Math.max(1, slot * 0.4);
  const y = (v: number) => H - B - (v / max) * (H - T - B);
  const yTicks = [0, max / 2, max];
  const every = Math.max(1, Math.ceil(n / 8));
  return (
    <figure class="dist" data-bins={n}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Distribution of ${column}: reference against current, ${n} ${bars.numeric ? 'bins' : 'categories'}`}>
        <line x1={L} y1={H - B} x2={W - R} y2={H - B} class="axis" />
        {yTicks.map((v) => (
          <text x={L - 4} y={y(v) + 4} text-anchor="end" class="tick">
            {pct(v)}
          </text>
        ))}
        {bars.labels.map((label, i) => {
          const x = L + i * slot + slot * 0.1;
          return (
            <g>
              <rect x={x} y={y(bars.reference[i])} width={bw} height={H - B - y(bars.reference[i])} fill={REFERENCE_COLOR} class="bar-ref">
                <title>{`${label} — reference: ${pct(bars.reference[i])}`}</title>
              </rect>
              <rect x={x + bw} y={y(bars.current[i])} width={bw} height={H - B - y(bars.current[i])} fill={CURRENT_COLOR} class="bar-cur">
                <title>{`${label} — current: ${pct(bars.current[i])}`}</title>
              </rect>
            </g>
          );
        })}
        {bars.numeric && bars.edges
          ? bars.edges
              .map((e, i) => ({ e, i }))
              .filter(({ i }) => i % every === 0 || i === n)
              .map(({ e, i }) => (
                <text x={L + i * slot} y={H - B + 14} text-anchor="middle" class="tick">
                  {short(num(Number(e.toPrecision(3))), 9)}
                </text>
              ))
          : bars.labels
              .map((label, i) => ({ label, i }))
              .filter(({ i }) => i % every === 0)
              .map(({ label, i }) => (
                <text x={L + i * slot + slot / 2} y={H - B + 14} text-anchor="middle" class="tick">
                  {short(label)}
                </text>
              ))}
        <g transform={`translate(${L}, 4)`}>
          <rect width="10" height="10" fill={REFERENCE_COLOR} />
          <text x="14" y="9" class="tick">
            reference
          </text>
          <rect x="84" width="10" height="10" fill={CURRENT_COLOR} />
          <text x="98" y="9" class="tick">
            current
          </text>
        </g>
      </svg>
      <details>
        <summary>Values</summary>
        <table class="grid small" aria-label={`Distribution of ${column}`}>
          <thead>
            <tr>
              <th scope="col">{bars.numeric ? 'Bin' : 'Value'}</th>
              <th scope="col" class="numeric">
                Reference
              </th>
              <th scope="col" class="numeric">
                Current
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.labels.map((label, i) => (
              <tr>
                <th scope="row">{label}</th>
                <td class="numeric">{pct(bars.reference[i])}</td>
                <td class="numeric">{pct(bars.current[i])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
