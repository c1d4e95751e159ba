import { ApiError, capstanGet, segment } from '../api';
import { num, percent, time } from '../format';
import { alertsByMonitor, driftShare, qualityKeys, qualityLabel, seconds, testedWindow, type AlertRule, type Monitor, type RetrainRequest, type WindowSummary } from '../monitoring';
import { ErrorBox, Link, Loading, useLoad, usePageTitle } from '../components/common';
import { deploymentHref } from './Deployments';

export const monitorHref = (name: string) => `/monitors/${segment(name)}`;
export const windowHref = (monitor: string, start: string) => `${monitorHref(monitor)}/windows/${segment(start)}`;

/** Every alert rule; an empty list when the server has none (or no alerts API). */
export const listAlerts = (signal?: AbortSignal) =>
  capstanGet<{ alerts?: AlertRule[] }>('/alerts', {}, signal).then(
    (r) => r.alerts ?? [],
    (e) => {
      if (e instanceof ApiError && e.status === 404) return [] as AlertRule[];
      throw e;
    },
  );

/** A server without the monitors API answers 404 ENDPOINT_NOT_FOUND: say so rather than show a bare error. */
export function MonitorsMissing({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.code === 'ENDPOINT_NOT_FOUND')
    return <p class="muted">This server does not serve the monitors API (/api/capstan/monitors).</p>;
  return <ErrorBox error={error} />;
}

export function SourceText({ m }: { m: Monitor }) {
  if (m.source.deployment)
    return (
      <>
        deployment <Link href={deploymentHref(m.source.deployment)}>{m.source.deployment}</Link>
      </>
    );
  return (
    <>
      <code class="wrap">{m.source.path}</code> {m.source.timestamp_column && <span class="muted">by {m.source.timestamp_column}</span>}
    </>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={'badge st-' + status}>{status.replace('_', ' ')}</span>;
}

export function DriftBadge({ drift }: { drift: boolean | null | undefined }) {
  if (drift == null) return <>—</>;
  return drift ? <span class="badge drift">drift</span> : <span class="badge ok">no drift</span>;
}

export function qualityText(w: WindowSummary | null | undefined): string {
  if (!w?.quality) return '';
  return qualityKeys([w])
    .map((k) => `${qualityLabel(k)} ${num(Number((w.quality![k] as number).toPrecision(4)))}`)
    .join(' · ');
}

/** Retrain requests, newest first (the newest 1000 at most); empty when the server has no such API. */
export const listRetrainRequests = (params: { status?: string; monitor?: string }, signal?: AbortSignal) =>
  capstanGet<{ retrain_requests?: RetrainRequest[] }>('/retrain-requests', { max_results: 1000, ...params }, signal).then(
    (r) => r.retrain_requests ?? [],
    (e) => {
      if (e instanceof ApiError && e.status === 404 && e.code === 'ENDPOINT_NOT_FOUND') return [] as RetrainRequest[];
      throw e;
    },
  );

export function MonitorsPage() {
  usePageTitle('Monitors');
  const list = useLoad((s) => capstanGet<{ monitors?: Monitor[] }>('/monitors', {}, s).then((r) => r.monitors ?? []), []);
  const alerts = useLoad((s) => listAlerts(s), []);
  const pending = useLoad((s) => listRetrainRequests({ status: 'pending' }, s), []);
  const byMonitor = alertsByMonitor(alerts.data ?? []);
  return (
    <section>
      <h1>Monitors</h1>
      <p class="muted">
        Each monitor compares fixed windows of served traffic (or of a dataset) with a reference, and scores quality once ground truth arrives. See{' '}
        <code>docs/monitoring.md</code> for the REST API.
      </p>
      <p>
        <Link href="/retrain-requests">Retrain requests</Link>
        {pending.data && pending.data.length > 0 && (
          <span class="muted"> ({pending.data.length >= 1000 ? 'at least 1000' : pending.data.length} pending)</span>
        )}
      </p>
      {list.error ? <MonitorsMissing error={list.error} /> : null}
      <ErrorBox error={alerts.error} />
      {!list.data && !list.error && <Loading what="Loading monitors" />}
      {list.data && list.data.length === 0 && <p class="muted">No monitors.</p>}
      {list.data && list.data.length > 0 && (
        <table class="grid" aria-label="Monitors">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Source</th>
              <th scope="col">Window</th>
              <th scope="col">Latest window</th>
              <th scope="col">Status</th>
              <th scope="col">Last tested</th>
              <th scope="col" class="numeric">
                Drift share
              </th>
              <th scope="col">Dataset drift</th>
              <th scope="col">Quality</th>
              <th scope="col">Alerts</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((m) => {
              const latest = m.latest_window;
              // a monitor whose newest window was not tested (too few rows, say) shows its newest tested window's results
              const w = testedWindow(m);
              const share = w ? driftShare(w) : null;
              const a = byMonitor.get(m.name);
              return (
                <tr data-monitor={m.name}>
                  <td class="nowrap">
                    <Link href={monitorHref(m.name)}>{m.name}</Link>
                  </td>
                  <td>
                    <SourceText m={m} />
                  </td>
                  <td>{seconds(m.window_seconds)}</td>
                  <td>{latest ? <Link href={windowHref(m.name, latest.window_start)}>{time(Date.parse(latest.window_start))}</Link> : <span class="muted">none yet</span>}</td>
                  <td>
                    {latest ? <StatusBadge status={latest.status} /> : '—'}
                    {latest?.status === 'error' && latest.message && <div class="small wrap">{latest.message}</div>}
                  </td>
                  <td class="last-tested">
                    {!latest ? (
                      '—'
                    ) : w === latest ? (
                      'this one'
                    ) : w ? (
                      <Link href={windowHref(m.name, w.window_start)}>{time(Date.parse(w.window_start))}</Link>
                    ) : (
                      <span class="muted">none</span>
                    )}
                  </td>
                  <td class="numeric">
                    {share != null ? percent(share) : '—'}
                    {w?.number_of_columns ? <span class="muted small"> ({w.number_of_drifted_columns ?? 0} of {w.number_of_columns})</span> : null}
                  </td>
                  <td>
                    <DriftBadge drift={w?.dataset_drift} />
                  </td>
                  <td class="small">{qualityText(w) || <span class="muted">no ground truth</span>}</td>
                  <td class="alerts">
                    {!a ? (
                      <span class="muted">no rules</span>
                    ) : a.firing.length ? (
                      a.firing.map((r) => <span class="badge firing">firing: {r.name}</span>)
                    ) : (
                      <span class="badge ok">ok ({a.rules.length === 1 ? '1 rule' : `${a.rules.length} rules`})</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
