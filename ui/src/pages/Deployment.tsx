import { ApiError, capstanGet } from '../api';
import { ms, num, percent as pct, time } from '../format';
import { charts, roleOf, routing, summaries, versionsOf, windowSeconds, type Deployment } from '../deployments';
import { ErrorBox, Link, Loading, useLoad, usePageTitle, usePoll } from '../components/common';
import { TimeChart, type TimeLine } from '../components/TimeChart';
import { WeightBar } from '../components/WeightBar';
import { modelHref } from './Models';
import { monitorHref } from './Monitors';
import type { Monitor } from '../monitoring';

/** How often the page reloads the deployment while it is visible. */
export const POLL_MS = 3000;

export function DeploymentPage({ name }: { name: string }) {
  usePageTitle(name);
  const state = usePoll((s) => capstanGet<{ deployment: Deployment }>(`/deployments/${encodeURIComponent(name)}`, {}, s).then((r) => r.deployment), [name], POLL_MS);
  const monitors = useLoad(
    (s) =>
      capstanGet<{ monitors?: Monitor[] }>('/monitors', {}, s).then(
        (r) => (r.monitors ?? []).filter((m) => m.source.deployment === name),
        (e) => (e instanceof ApiError && e.status === 404 ? [] : Promise.reject(e)),
      ),
    [name],
  );
  const d = state.data;
  if (!d && state.error) return <ErrorBox error={state.error} />;
  if (!d) return <Loading what="Loading deployment" />;
  const versions = versionsOf(d);
  const colorOf = (v: string) => Math.max(0, versions.indexOf(v));
  const sums = summaries(d);
  const c = charts(d);
  const seconds = windowSeconds(d);
  const lines = (series: typeof c.p99, dash = false): TimeLine[] => series.map((s) => ({ label: s.label, values: s.values, color: colorOf(s.version), dash }));
  const versionHref = (v: string) => `${modelHref(d.spec.model)}/versions/${encodeURIComponent(v)}`;
  const r = d.spec.rollback;
  return (
    <article>
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href="/deployments">Deployments</Link> / <span>{name}</span>
      </nav>
      <h1>{name}</h1>
      <ErrorBox error={state.error} />
      <dl class="facts">
        <dt>Model</dt>
        <dd>
          <Link href={modelHref(d.spec.model)}>{d.spec.model}</Link>
        </dd>
        <dt>Traffic</dt>
        <dd>{routing(d)}</dd>
        <dt>Shadow</dt>
        <dd>{d.shadow_version ? <Link href={versionHref(d.shadow_version)}>v{d.shadow_version}</Link> : '—'}</dd>
        {d.spec.sticky_header && (
          <>
            <dt>Sticky header</dt>
            <dd>
              <code>{d.spec.sticky_header}</code>
            </dd>
          </>
        )}
        <dt>Auto-rollback</dt>
        <dd>
          {r
            ? `a canary over an error rate of ${pct(r.max_error_rate)} or a p99 of ${ms(r.max_p99_ms)} in ${r.consecutive_windows} windows in a row (each with ≥ ${r.min_requests} requests) drops to 0 %`
            : 'off'}
        </dd>
        <dt>Windows</dt>
        <dd>
          every {num(seconds)} s; {c.xs.length} kept
        </dd>
        <dt>Endpoint</dt>
        <dd>
          <code>/v2/models/{name}/infer</code>
        </dd>
        <dt>Updated</dt>
        <dd class="muted" data-updated={state.at}>
          {time(state.at)} (reloads every {POLL_MS / 1000} s while this page is visible)
        </dd>
      </dl>

      <section aria-labelledby="weights-h">
        <h2 id="weights-h">Weights in force</h2>
        <WeightBar weights={d.weights} colorOf={colorOf} label="Traffic weights in force" />
        <table class="grid" aria-label="Versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Role</th>
              <th scope="col" class="numeric">
                Weight
              </th>
              <th scope="col" class="numeric">
                Requests
              </th>
              <th scope="col" class="numeric">
                Error rate
              </th>
              <th scope="col" class="numeric">
                Latest p99
              </th>
              <th scope="col" class="numeric">
                Shadow copies
              </th>
              <th scope="col" class="numeric">
                Disagreement
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => {
              const s = sums.get(v)!;
              const role = roleOf(d, v);
              const weight = d.weights.find((x) => x.version === v)?.weight;
              return (
                <tr data-version={v}>
                  <td>
                    <Link href={versionHref(v)}>Version {v}</Link>
                  </td>
                  <td>
                    <span class={'badge role-' + role}>{role}</span>
                  </td>
                  <td class="numeric">{weight != null ? weight + ' %' : '—'}</td>
                  <td class="numeric">{s.requests}</td>
                  <td class="numeric">{s.requests ? pct(s.errors / s.requests) : '—'}</td>
                  <td class="numeric">{s.latest && s.latest.requests > 0 ? ms(s.latest.p99_ms) : '—'}</td>
                  <td class="numeric">{s.shadowRequests || '—'}</td>
                  <td class="numeric">{s.shadowRequests ? pct(s.shadowDisagreements / s.shadowRequests) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p class="muted small">Totals over the windows the server still keeps.</p>
      </section>

      <section aria-labelledby="live-h">
        <h2 id="live-h">Live</h2>
        {c.xs.length === 0 ? (
          <p class="muted">No window has closed with traffic yet; charts appear once requests arrive.</p>
        ) : (
          <div class="charts">
            <TimeChart title="p99 latency per version" xs={c.xs} lines={lines(c.p99)} unit="ms" />
            <TimeChart title={`Requests per window (${num(seconds)} s)`} xs={c.xs} lines={lines(c.requests)} />
            <TimeChart title="Error rate per version" xs={c.xs} lines={lines(c.errorRate)} percent />
            {c.disagreement.length > 0 && <TimeChart title="Shadow disagreement rate" xs={c.xs} lines={lines(c.disagreement, true)} percent />}
          </div>
        )}
      </section>

      {(monitors.data ?? []).length > 0 && (
        <section aria-labelledby="monitors-h">
          <h2 id="monitors-h">Monitors</h2>
          <ul>
            {monitors.data!.map((m) => (
              <li>
                <Link href={monitorHref(m.name)}>{m.name}</Link> <span class="muted">watches this deployment's traffic</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="events-h">
        <h2 id="events-h">Events</h2>
        {d.events.length === 0 ? (
          <p class="muted">No events.</p>
        ) : (
          <ol class="events" reversed aria-label="Events, newest first">
            {[...d.events].reverse().map((e) => (
              <li data-type={e.type}>
                <time dateTime={e.time}>{time(Date.parse(e.time))}</time> <span class={'badge ev-' + e.type}>{e.type.replace('_', ' ')}</span>{' '}
                <span class="wrap">{e.message}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
