import { CAPSTAN, capstanGet } from '../api';
import { num, percent, time } from '../format';
import {
  bars,
  correctionName,
  driftShare,
  effectMagnitude,
  effectText,
  extraColumns,
  missingDetected,
  missingShares,
  missingTest,
  qualityKeys,
  qualityLabel,
  score,
  short,
  type DriftColumn,
  type MissingDrift,
  type WindowDetail,
} from '../monitoring';
import { Link, Loading, usePageTitle, useLoad } from '../components/common';
import { DistributionChart } from '../components/Distribution';
import { DriftBadge, monitorHref, MonitorsMissing, StatusBadge } from './Monitors';

/** The id of a column's plot on the page (a fragment link from its table row). */
const anchor = (column: string) => 'col-' + encodeURIComponent(column).replace(/%/g, '_');

const scoreText = (v: number | string | null | undefined) => {
  const s = score(v);
  return s == null ? '—' : Number.isFinite(s) ? String(Number(s.toPrecision(4))) : s > 0 ? '∞' : '−∞';
};

const Verdict = ({ drift }: { drift: boolean | undefined }) => (drift ? <span class="badge drift">drift</span> : <span class="badge ok">no drift</span>);

/** A column's missing-value test: the shares, the verdict, the test and p-value(s). */
function Missing({ m }: { m: MissingDrift }) {
  return (
    <>
      <span class="nowrap">{missingShares(m)}</span> <Verdict drift={missingDetected(m)} />
      <div class="small muted">{missingTest(m)}</div>
    </>
  );
}

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
  const extra = extraColumns(columns);
  const mt = drift?.multiple_testing;
  const mv = drift?.missing_value_drift;
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
          {w.status === 'error' ? '—' : `${w.rows ?? '—'} in the window, ${w.reference_rows ?? '—'} in the reference`}
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
        {mt && (
          <>
            <dt>Multiple testing</dt>
            <dd class="multiple-testing">
              {correctionName(mt.method)} correction over {mt.number_of_tests ?? '—'} p-value{mt.number_of_tests === 1 ? '' : 's'}; the dataset vote counts the corrected
              decisions
            </dd>
          </>
        )}
        {mv && (
          <>
            <dt>Missing values</dt>
            <dd class="missing-value-drift">
              {mv.number_of_drifted_columns === 1 ? '1 column changed its' : `${mv.number_of_drifted_columns ?? 0} columns changed their`} share of missing values
              (p {'<'} {mv.threshold ?? 0.05}); {mv.counts_toward_dataset_drift ? 'this counts toward dataset drift' : 'this does not count toward dataset drift'}
            </dd>
          </>
        )}
        <dt>Evaluated</dt>
        <dd>{time(Date.parse(w.evaluated_at ?? ''))}</dd>
        <dt>Report</dt>
        <dd>
          {/* a plain link: the server's self-contained HTML report, outside the app; only a tested window has one */}
          {w.status === 'ok' ? <a href={CAPSTAN + api + '/report.html'}>HTML report of this window</a> : <span class="muted">none: the window was not tested</span>}
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
                {extra.adjusted && (
                  <>
                    <th scope="col" class="numeric">
                      Adjusted p-value{mt?.method ? ` (${correctionName(mt.method)})` : ''}
                    </th>
                    <th scope="col">After correction</th>
                  </>
                )}
                {extra.counts && <th scope="col">Counts as drifted</th>}
                {extra.missing && <th scope="col">Missing share (ref → cur)</th>}
                {extra.effect && <th scope="col">Effect size</th>}
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
                  <td class="numeric nowrap">{scoreText(c.drift_score)}</td>
                  <td class="numeric nowrap">{scoreText(c.threshold)}</td>
                  <td>
                    <Verdict drift={c.drift_detected} />
                    {c.sketch_estimate && (
                      <div class="small muted">
                        estimate in [{short(c.drift_score_bounds?.[0])}, {short(c.drift_score_bounds?.[1])}]{c.decision_certain === false ? ', undecided' : ''}
                      </div>
                    )}
                  </td>
                  {extra.adjusted && (
                    <>
                      <td class="numeric nowrap adjusted">{c.adjusted_drift_score != null ? short(c.adjusted_drift_score) : <span class="muted small">not a p-value</span>}</td>
                      <td class="corrected">{c.drift_detected_adjusted != null ? <Verdict drift={c.drift_detected_adjusted} /> : <span class="muted small">kept</span>}</td>
                    </>
                  )}
                  {extra.counts && <td class="counts">{c.counts_as_drifted == null ? '—' : c.counts_as_drifted ? <span class="badge drift">yes</span> : <span class="badge ok">no</span>}</td>}
                  {extra.missing && <td class="missing small">{c.missing_drift ? <Missing m={c.missing_drift} /> : '—'}</td>}
                  {extra.effect && (
                    <td class="effect small">
                      {c.effect_size ? (
                        <>
                          {effectText(c.effect_size)}
                          {effectMagnitude(c.effect_size) && <div class="muted">{effectMagnitude(c.effect_size)}</div>}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  )}
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
                  {s.missing_drift && (
                    <span class="small">
                      {' '}
                      — missing share {missingShares(s.missing_drift)} <Verdict drift={missingDetected(s.missing_drift)} /> <span class="muted">{missingTest(s.missing_drift)}</span>
                    </span>
                  )}
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
                    {c.adjusted_drift_score != null && `; adjusted ${short(c.adjusted_drift_score)}, ${c.drift_detected_adjusted ? 'drift' : 'no drift'} after correction`}
                    {c.missing_drift && `; missing ${missingShares(c.missing_drift)}`}
                    {c.effect_size && `; ${effectText(c.effect_size)}`}
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
