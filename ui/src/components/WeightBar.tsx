// Traffic weights in force as one stacked bar. Widths are set through the style object (CSSOM),
// which the server's CSP allows; a style attribute in markup would be blocked.
import type { Split } from '../deployments';
import { PALETTE } from './Chart';

export function WeightBar({ weights, colorOf, label }: { weights: Split[]; colorOf: (version: string) => number; label: string }) {
  const total = weights.reduce((n, s) => n + s.weight, 0) || 1;
  return (
    <div class="weights">
      <div class="weight-bar" role="img" aria-label={`${label}: ${weights.map((s) => `version ${s.version} ${s.weight}%`).join(', ')}`}>
        {weights
          .filter((s) => s.weight > 0)
          .map((s) => (
            <span
              class="weight-seg"
              data-version={s.version}
              data-weight={s.weight}
              style={{ width: `${(s.weight / total) * 100}%`, background: PALETTE[colorOf(s.version) % PALETTE.length] }}
              title={`v${s.version}: ${s.weight}%`}
            >
              {s.weight >= 8 ? `v${s.version} ${s.weight}%` : ''}
            </span>
          ))}
      </div>
      <ul class="inline-list legend-keys" aria-hidden="true">
        {weights.map((s) => (
          <li>
            <span class="key" style={{ background: PALETTE[colorOf(s.version) % PALETTE.length] }} /> v{s.version} {s.weight}%
          </li>
        ))}
      </ul>
    </div>
  );
}
