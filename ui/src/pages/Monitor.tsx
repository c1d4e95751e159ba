import { useState } from 'preact/hooks';
import { capstanGet } from '../api';
import { num, percent, time } from '../format';
import {
  actionText,
  conditionText,
  driftExtras,
  driftSettings,
  driftShare,
  heatStrip,
  monitorCharts,
  qualityLabel,
  seconds,
  type AlertEvent,
  type AlertRule,
  type Monitor,
  type WindowSummary,
} from '../monitoring';
import { ErrorBox, Link, Loading, useLoad, usePageTitle } from '../components/common';
import { TimeChart } from '../components/TimeChart';
import { HeatStrip } from '../components/HeatStrip';
import { DriftBadge, listAlerts, listRetrainRequests, MonitorsMissing, qualityText, SourceText, StatusBadge, windowHref } from './Monitors';
import { retrainHref, RetrainTable } from './RetrainRequests';

const PAGE = 200;

type WindowPage = { windows?: WindowSummary[]; next_page_token?: string };

export function MonitorPage({ name }: { name: string }) {
  usePageTitle(name);
  const path = `/monitors/${encodeURIComponent(name)}`;
  const monitor = useLoad((s) => capstanGet<{ monitor: Monitor }>(path, {}, s).then((r) => r.monitor), [name]);
  const [more, setMore] = useState<{ items: WindowSummary[]; token?: string; error?: unknown }>({ items: [] });
  const first = useLoad(async (s) => {
    const r = await capstanGet<WindowPage>(path + '/windows', { max_results: PAGE }, s);
    setMore({ items: [], token: r.next_page_token });
    return r.windows ?? [];
  }, [name]);
  const rules = useLoad((s) => listAlerts(s).then((all) => all.filter((r) => r.monitor === name)), [name]);
  const events = useLoad(
    async (s) => {
      const lists = await Promise.all(
        (rules.data ?? []).map((r) =>
          capstanGet<{ events?: AlertEvent[] }>(`/alerts/${encodeURIComponent(r.name)}/events`, { max_results: 20 }, s).then((x) => x.events ?? []),
        ),
      );
      return lists.flat().sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
    },
    [rules.data],
  );
  const retrains = useLoad((s) => listRetrainRequests({ monitor: name }, s).then((mine) => ({ mine, capped: mine.length >= 1000 })), [name]);

  if (monitor.error) return <MonitorsMissing error={monitor.error} />;
  if (!monitor.data) return <Loading what="Loading monitor" />;
  const m = monitor.data;
  const windows = [...(first.data ?? []), ...more.items];
  const c = monitorCharts(windows);
  const strip = heatStrip(windows);
  const threshold = m.drift?.drift_share ?? 0.5;
  const extras = driftExtras(m.drift);
  // windows that all failed have nothing to plot (a window too small to test still has its rows)
  const plotted = windows.some((w) => w.status !== 'error');
  const hrefOf = (start: string) => windowHref(name, start);
  return (
    <article>
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href="/monitors">Monitors</Link> / <span>{name}</span>
      </nav>
      <h1>{name}</h1>
      <dl class="facts">
        <dt>Source</dt>
        <dd>
          <SourceText m={m} />
        </dd>
        <dt>Reference</dt>
        <dd>
          <code class="wrap">{m.reference?.uri}</code>
        </dd>
        <dt>Windows</dt>
        <dd>
          {seconds(m.window_seconds)}, evaluated {seconds(m.delay_seconds ?? 0)} after they end, at least {m.min_rows ?? 30} row{(m.min_rows ?? 30) === 1 ? '' : 's'}
        </dd>
        <dt>Columns</dt>
        <dd>{m.columns && m.columns.length ? m.columns.join(', ') : 'every column in both the window and the reference'}</dd>
        {m.feature_names && m.feature_names.length > 0 && (
          <>
            <dt>Feature names</dt>
            <dd>{m.feature_names.join(', ')}</dd>
          </>
        )}
        <dt>Drift tests</dt>
        <dd>{driftSettings(m.drift) || "Evidently's defaults per column type"}</dd>
        {extras.length > 0 && (
          <>
            <dt>Drift extras</dt>
            <dd class="drift-extras">
              {extras.join(' · ')} <span class="muted small">(beyond Evidently: docs/drift.md)</span>
            </dd>
          </>
        )}
        <dt>Dataset drift</dt>
        <dd>when at least {percent(threshold)} of the tested columns drift</dd>
        <dt>Quality</dt>
        <dd>
          {m.quality
            ? `${m.quality.task}: prediction ${m.quality.prediction ?? '—'}${m.quality.score ? `, score ${m.quality.score}` : ''}${m.quality.target ? `, target ${m.quality.target}` : ''}${m.quality.positive_label != null ? `, positive label ${m.quality.positive_label}` : ''}`
            : 'not measured'}
        </dd>
        <dt>Created</dt>
        <dd>{time(Date.parse(m.created_at ?? ''))}</dd>
        <dt>Updated</dt>
        <dd>{time(Date.parse(m.updated_at ?? ''))}</dd>
      </dl>

      <section aria-labelledby="trend-h">
        <h2 id="trend-h">Over time</h2>
        <ErrorBox error={first.error} />
        {!first.data && !first.error && <Loading what="Loading windows" />}
        {first.data && c.xs.length === 0 && <p class="muted">No window has been evaluated yet.</p>}
        {c.xs.length > 0 && !plotted && <p class="muted">No window has been tested yet (see their status below).</p>}
        {plotted && (
          <div class="charts">
            <TimeChart
              title="Drift share (drifted / tested columns)"
              xs={c.xs}
              lines={[
                { label: 'drift share', values: c.driftShare, color: 1 },
                { label: 'dataset drift at', values: c.xs.map(() => threshold), color: 7, dash: true },
              ]}
              percent
            />
            {c.quality.length > 0 && (
              <TimeChart title="Quality (windows with ground truth)" xs={c.xs} lines={c.quality.map((q, i) => ({ label: qualityLabel(q.key), values: q.values, color: i }))} />
            )}
            <TimeChart title="Rows per window" xs={c.xs} lines={[{ label: 'rows', values: c.rows, color: 0 }]} />
          </div>
        )}
      </section>

      {strip.columns.length > 0 && (
        <section aria-labelledby="heat-h">
          <h2 id="heat-h">Drift per column</h2>
          <HeatStrip strip={strip} windowHref={hrefOf} windowSeconds={m.window_seconds} />
        </section>
      )}

      <section aria-labelledby="windows-h">
        <h2 id="windows-h">Windows</h2>
        {windows.length > 0 && (
          <table class="grid" aria-label="Windows, newest first">
            <thead>
              <tr>
                <th scope="col">Window</th>
                <th scope="col">Status</th>
                <th scope="col" class="numeric">
                  Rows
                </th>
                <th scope="col" class="numeric">
                  Drift share
                </th>
                <th scope="col" class="numeric">
                  Drifted columns
                </th>
                <th scope="col">Dataset drift</th>
                <th scope="col">Quality</th>
                <th scope="col">Evaluated</th>
              </tr>
            </thead>
            <tbody>
              {windows.map((w) => {
                const share = driftShare(w);
                return (
                  <tr data-window={w.window_start}>
                    <td>
                      <Link href={hrefOf(w.window_start)}>
                        {time(Date.parse(w.window_start))} – {time(Date.parse(w.window_end)).slice(11)}
                      </Link>
                    </td>
                    <td>
                      <StatusBadge status={w.status} />
                      {w.message && <div class="small muted wrap">{w.message}</div>}
                    </td>
                    <td class="numeric">{w.rows ?? ''}</td>
                    <td class="numeric">{share != null ? percent(share) : '—'}</td>
                    <td class="numeric">{w.status === 'ok' && w.number_of_columns ? `${w.number_of_drifted_columns ?? 0} / ${w.number_of_columns}` : '—'}</td>
                    <td>
                      <DriftBadge drift={w.dataset_drift} />
                    </td>
                    <td class="small">{qualityText(w) || '—'}</td>
                    <td class="small">{time(Date.parse(w.evaluated_at ?? ''))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <ErrorBox error={more.error} />
        {more.token && (
          <button
            type="button"
            onClick={async () => {
              try {
                const r = await capstanGet<WindowPage>(path + '/windows', { max_results: PAGE, page_token: more.token });
                setMore((x) => ({ items: [...x.items, ...(r.windows ?? [])], token: r.next_page_token }));
              } catch (error) {
                setMore((x) => ({ ...x, error }));
              }
            }}
          >
            Load older windows
          </button>
        )}
      </section>

      <section aria-labelledby="alerts-h">
        <h2 id="alerts-h">Alerts</h2>
        <ErrorBox error={rules.error} />
        {rules.data && rules.data.length === 0 && <p class="muted">No alert rule watches this monitor.</p>}
        {rules.data && rules.data.length > 0 && (
          <table class="grid" aria-label="Alert rules">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Fires when</th>
                <th scope="col">Resolves after</th>
                <th scope="col">State</th>
                <th scope="col">Since</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rules.data.map((r: AlertRule) => (
                <tr data-rule={r.name}>
                  <th scope="row">{r.name}</th>
                  <td>
                    <code>{conditionText(r)}</code>
                  </td>
                  <td>{r.resolve_windows ?? 1} ok window{(r.resolve_windows ?? 1) === 1 ? '' : 's'}</td>
                  <td>{r.state ? <span class={'badge ' + (r.state === 'firing' ? 'firing' : 'ok')}>{r.state}</span> : '—'}</td>
                  <td>{r.since ? time(Date.parse(r.since)) : '—'}</td>
                  <td class="small">{(r.actions ?? []).map(actionText).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3 id="retrain-h">Retrain requests</h3>
        <ErrorBox error={retrains.error} />
        {retrains.data && retrains.data.mine.length === 0 && <p class="muted">No retrain request for this monitor.</p>}
        {retrains.data && retrains.data.mine.length > 0 && <RetrainTable requests={retrains.data.mine} label="Retrain requests of this monitor, newest first" />}
        <p class="small">
          <Link href={retrainHref()}>All retrain requests</Link>
          {retrains.data?.capped && <span class="muted"> (the newest 1000)</span>}
        </p>
        <h3>Recent events</h3>
        <ErrorBox error={events.error} />
        {events.data && events.data.length === 0 && <p class="muted">No events.</p>}
        {events.data && events.data.length > 0 && (
          <ol class="events" aria-label="Alert events, newest first">
            {events.data.map((e) => (
              <li data-kind={e.kind}>
                <time dateTime={e.created_at}>{time(Date.parse(e.created_at ?? ''))}</time> <span class={'badge ' + (e.kind === 'firing' ? 'firing' : 'ok')}>{e.kind}</span>{' '}
                {e.rule}
                {e.value != null && ` = ${num(e.value)}`}
                {e.window_start && (
                  <>
                    {' '}
                    in <Link href={hrefOf(e.window_start)}>the window of {time(Date.parse(e.window_start))}</Link>
                  </>
                )}
                {(e.deliveries ?? []).length > 0 && (
                  <span class="muted small">
                    {' '}
                    — {(e.deliveries ?? []).map((d) => `${(d.type ?? String(d.action)).replace('_', ' ')} ${d.status}${d.attempts ? ` (${d.attempts} attempt${d.attempts === 1 ? '' : 's'})` : ''}${d.last_error ? `: ${d.last_error}` : ''}${d.retrain_request_id ? ` (request ${d.retrain_request_id})` : ''}`).join('; ')}
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
