import { CAPSTAN, capstanGet } from '../api';
import { num, percent, time } from '../format';
import { bars, driftShare, qualityKeys, qualityLabel, score, type DriftColumn, type WindowDetail } from '../monitoring';
import { Link, Loading, usePageTitle, useLoad } from '../components/common';
import { DistributionChart } from '../components/Distribution';
import { DriftBadge, monitorHref, MonitorsMissing, StatusBadge } from './Monitors';

/** The id of a column's plot on the page (a fragment link from its table row). */
const anchor = (column: string) => 'col-' + encodeURIComponent(column).replace(/%/g, '_');

const scoreText = (v: number | string | null | undefined) => {
  const s = score(v);
  return s == null ? '—' : Number.isFinite(s) ? String(Number(s.toPrecision(4))) : s > 0 ? '∞' : '−∞';
};

export function MonitorWindowPage({ name, start }: { name: string; start: string }) {
  usePageTitle(`${name} · ${start}`);
  const api = `/monitors/${encodeURIComponent(name)}/windows/${encodeURIComponent(start)}`;
  const state = useLoad((s) => capstanGet<{ window: WindowDetail }>(api, {}, s).then((r) => r.window), [name, start]);
  if (state.error) return <MonitorsMissing error={state.error} />;
  if (!state.data) return <Loading what="Loading window" />;
  const w = state.data;
  const drift = w.drift ?? undefined;
  const columns: DriftColumn[] = drift?.columns ?? w.columns ?? [];
  const share = driftShare(w);
  const keys = qualityKeys([w]);
  return (
    <article>
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href="/monitors">Monitors</Link> / <Link href={monitorHref(name)}>{name}</Link> / <span>Window {time(Date.parse(w.window_start))}</span>
      </nav>
      <h1>
        {name} — window {time(Date.parse(w.window_start))}
      </h1>
      <dl class="facts">
        <dt>Window</dt>
        <dd>
          <time dateTime={w.window_start}>{w.window_start}</time> to <time dateTime={w.window_end}>{w.window_end}</time>
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={w.status} /> {w.message && <span class="wrap">{w.message}</span>}
        </dd>
        <dt>Rows</dt>
        <dd>
          {w.rows ?? '—'} in the window, {w.reference_rows ?? '—'} in the reference
        </dd>
        <dt>Dataset drift</dt>
        <dd>
          <DriftBadge drift={w.dataset_drift} />{' '}
          {share != null && (
            <span>
              {w.number_of_drifted_columns ?? 0} of {w.number_of_columns ?? 0} columns drifted ({percent(share)}
              {drift?.drift_share != null ? `; dataset drift at ${percent(drift.drift_share)}` : ''})
            </span>
          )}
        </dd>
        <dt>Evaluated</dt>
        <dd>{time(Date.parse(w.evaluated_at ?? ''))}</dd>
        <dt>Report</dt>
        <dd>
          {/* a plain link: the server's self-contained HTML report, outside the app */}
          <a href={CAPSTAN + api + '/report.html'}>HTML report of this window</a>
        </dd>
      </dl>

      <section aria-labelledby="quality-h">
        <h2 id="quality-h">Quality</h2>
        {!w.quality ? (
          <p class="muted">No ground truth for this window yet.</p>
        ) : (
          <table class="kv" aria-label="Quality">
            <tbody>
              <tr>
                <th scope="row">labelled rows</th>
                <td class="numeric">{w.quality.labelled_rows ?? '—'}</td>
              </tr>
              {keys.map((k) => (
                <tr>
                  <th scope="row">{qualityLabel(k)}</th>
                  <td class="numeric">{num(Number((w.quality![k] as number).toPrecision(6)))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="columns-h">
        <h2 id="columns-h">Columns</h2>
        {columns.length === 0 ? (
          <p class="muted">{w.status === 'ok' ? 'No column was tested.' : 'Not tested: ' + w.status.replace('_', ' ') + '.'}</p>
        ) : (
          <table class="grid" aria-label="Drift per column">
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Type</th>
                <th scope="col">Stat test</th>
                <th scope="col" class="numeric">
                  Drift score
                </th>
                <th scope="col" class="numeric">
                  Threshold
                </th>
                <th scope="col">Detected</th>
                <th scope="col" class="numeric">
                  Values (ref / cur)
                </th>
              </tr>
            </thead>
            <tbody>
              {columns.map((c) => (
                <tr data-column={c.column} class={c.drift_detected ? 'drifted' : ''}>
                  <th scope="row">{bars(c.distribution) ? <a href={'#' + anchor(c.column)}>{c.column}</a> : c.column}</th>
                  <td>{c.column_type}</td>
                  <td>
                    <code>{c.stattest}</code>
                  </td>
                  <td class="numeric">{scoreText(c.drift_score)}</td>
                  <td class="numeric">{scoreText(c.threshold)}</td>
                  <td>{c.drift_detected ? <span class="badge drift">drift</span> : <span class="badge ok">no drift</span>}</td>
                  <td class="numeric small">
                    {c.reference_count != null ? `${c.reference_count} / ${c.current_count}` : ''}
                    {(c.reference_missing || c.current_missing) ? <span class="muted"> (missing {c.reference_missing ?? 0} / {c.current_missing ?? 0})</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {(drift?.skipped_columns ?? []).length > 0 && (
          <>
            <h3>Not tested</h3>
            <ul>
              {drift!.skipped_columns!.map((s) => (
                <li>
                  <strong>{s.column}</strong> <span class="muted">({s.column_type})</span>: {s.reason}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {columns.some((c) => bars(c.distribution)) && (
        <section aria-labelledby="dist-h">
          <h2 id="dist-h">Reference against current</h2>
          <div class="dists">
            {columns.map((c) => {
              const b = bars(c.distribution);
              if (!b) return null;
              return (
                <section id={anchor(c.column)} class="dist-box" aria-labelledby={anchor(c.column) + '-h'} data-column={c.column}>
                  <h3 id={anchor(c.column) + '-h'}>
                    {c.column} {c.drift_detected ? <span class="badge drift">drift</span> : <span class="badge ok">no drift</span>}
                  </h3>
                  <p class="small muted">
                    {c.stattest} = {scoreText(c.drift_score)} (threshold {scoreText(c.threshold)})
                  </p>
                  <DistributionChart column={c.column} bars={b} />
                </section>
              );
            })}
          </div>
        </section>
      )}
    </article>
  );
}
