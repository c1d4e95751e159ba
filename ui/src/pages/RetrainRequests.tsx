import { time } from '../format';
import { navigate, url } from '../router';
import { RETRAIN_STATUSES, retrainCounts, retrainStatus, type RetrainRequest } from '../monitoring';
import { ErrorBox, Link, Loading, useLoad, usePageTitle } from '../components/common';
import { deploymentHref } from './Deployments';
import { modelHref } from './Models';
import { listRetrainRequests, monitorHref, windowHref } from './Monitors';

export const retrainHref = (status?: string) => url('/retrain-requests', { status });

export function RetrainBadge({ status }: { status: string }) {
  return <span class={'badge rr-' + status}>{status}</span>;
}

/** A worker's result: short ones inline, long ones (up to 4 KiB of a command's output) folded, always as text. */
function Result({ text }: { text: string | null | undefined }) {
  if (!text) return <span class="muted">—</span>;
  const first = text.split('\n', 1)[0];
  if (text.length <= 120 && first === text) return <span class="wrap">{text}</span>;
  return (
    <details class="result">
      <summary>{first.length > 80 ? first.slice(0, 80) + '…' : first || 'output'}</summary>
      <pre class="code">{text}</pre>
    </details>
  );
}

/** Retrain requests as a table, newest first; `showMonitor` adds the rule's monitor (the list of all requests). */
export function RetrainTable({ requests, showMonitor = false, label }: { requests: RetrainRequest[]; showMonitor?: boolean; label: string }) {
  return (
    <table class="grid retrain" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Id</th>
          <th scope="col">Status</th>
          <th scope="col">Model</th>
          <th scope="col">Reason</th>
          {showMonitor && <th scope="col">Monitor</th>}
          <th scope="col">Window</th>
          <th scope="col">Created</th>
          <th scope="col">Claimed by</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {requests.map((r) => (
          <tr data-retrain={r.id} data-status={r.status}>
            <th scope="row">
              <code class="small">{r.id}</code>
            </th>
            <td>
              <RetrainBadge status={r.status} />
              {r.updated_at && r.updated_at !== r.created_at && <div class="small muted">since {time(Date.parse(r.updated_at))}</div>}
            </td>
            <td>
              {r.model ? (
                r.model_version ? (
                  <Link href={`${modelHref(r.model)}/versions/${encodeURIComponent(r.model_version)}`} class="nowrap">
                    {r.model} v{r.model_version}
                  </Link>
                ) : (
                  <Link href={modelHref(r.model)}>{r.model}</Link>
                )
              ) : (
                <span class="muted">—</span>
              )}
              {r.deployment && (
                <div class="small">
                  via <Link href={deploymentHref(r.deployment)}>{r.deployment}</Link>
                </div>
              )}
            </td>
            <td>
              <code class="wrap">{r.reason}</code>
              <div class="small muted">rule {r.rule}</div>
            </td>
            {showMonitor && (
              <td>
                <Link href={monitorHref(r.monitor)}>{r.monitor}</Link>
              </td>
            )}
            <td class="nowrap">
              <Link href={windowHref(r.monitor, r.window_start)}>{time(Date.parse(r.window_start)) || r.window_start}</Link>
            </td>
            <td class="small nowrap">{time(Date.parse(r.created_at ?? ''))}</td>
            <td class="small">{r.claimed_by ? <code class="wrap">{r.claimed_by}</code> : <span class="muted">—</span>}</td>
            <td class="small">
              <Result text={r.result} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `/retrain-requests?status=pending`: every retrain request the alert rules raised, read-only. */
export function RetrainRequestsPage({ query }: { query: URLSearchParams }) {
  usePageTitle('Retrain requests');
  const status = retrainStatus(query.get('status'));
  const list = useLoad((s) => listRetrainRequests({ status }, s), [status]);
  const counts = retrainCounts(list.data ?? []);
  return (
    <section>
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href="/monitors">Monitors</Link> / <span>Retrain requests</span>
      </nav>
      <h1>Retrain requests</h1>
      <p class="muted">
        An alert rule with a <code>retrain</code> action records one request each time it fires; a pipeline (or the server's configured command) claims
        it and completes it over REST (<code>docs/monitoring.md</code>, "Retrain requests"). Newest first, at most 1000.
      </p>
      <form class="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status{' '}
          <select value={status ?? ''} onChange={(e) => navigate(retrainHref((e.target as HTMLSelectElement).value || undefined))}>
            <option value="">every status</option>
            {RETRAIN_STATUSES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        {list.data && (
          <span class="muted" role="status">
            {list.data.length === 1 ? '1 request' : `${list.data.length} requests`}
            {!status && list.data.length > 0 && ': ' + RETRAIN_STATUSES.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`).join(', ')}
          </span>
        )}
      </form>
      <ErrorBox error={list.error} />
      {!list.data && !list.error && <Loading what="Loading retrain requests" />}
      {list.data && list.data.length === 0 && <p class="muted">{status ? `No ${status} retrain request.` : 'No retrain request yet.'}</p>}
      {list.data && list.data.length > 0 && <RetrainTable requests={list.data} showMonitor label="Retrain requests, newest first" />}
    </section>
  );
}
