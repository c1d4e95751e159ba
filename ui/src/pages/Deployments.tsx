import { capstanGet, segment } from '../api';
import { ms, time } from '../format';
import { lastWindow, routing, type Deployment } from '../deployments';
import { ErrorBox, Link, Loading, usePageTitle, usePoll } from '../components/common';
import { modelHref } from './Models';

export const deploymentHref = (name: string) => `/deployments/${segment(name)}`;

export const listDeployments = (signal?: AbortSignal) =>
  capstanGet<{ deployments?: Deployment[] }>('/deployments', {}, signal).then((r) => (r.deployments ?? []).sort((a, b) => a.spec.name.localeCompare(b.spec.name)));

export function DeploymentsPage() {
  usePageTitle('Deployments');
  const list = usePoll((s) => listDeployments(s), [], 5000);
  return (
    <section>
      <h1>Deployments</h1>
      <p class="muted">
        Names that clients call (<code>/v2/models/&lt;name&gt;/infer</code>), each routed to versions of a registered model. Create them with{' '}
        <code>capstan deployments create</code> or <code>POST /api/capstan/deployments</code>.
      </p>
      <ErrorBox error={list.error} />
      {!list.data && !list.error && <Loading what="Loading deployments" />}
      {list.data && list.data.length === 0 && <p class="muted">No deployments.</p>}
      {list.data && list.data.length > 0 && (
        <table class="grid" aria-label="Deployments">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Model</th>
              <th scope="col">Traffic</th>
              <th scope="col">Shadow</th>
              <th scope="col" class="numeric">
                Requests (last window with traffic)
              </th>
              <th scope="col" class="numeric">
                p99 (that window)
              </th>
              <th scope="col">Last event</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((d) => {
              const last = lastWindow(d);
              const event = d.events[d.events.length - 1];
              return (
                <tr data-deployment={d.spec.name}>
                  <td>
                    <Link href={deploymentHref(d.spec.name)}>{d.spec.name}</Link>
                  </td>
                  <td>
                    <Link href={modelHref(d.spec.model)}>{d.spec.model}</Link>
                  </td>
                  <td class="traffic">{routing(d)}</td>
                  <td>{d.shadow_version ? `v${d.shadow_version}` : '—'}</td>
                  <td class="numeric">
                    {last ? (
                      <>
                        {last.requests} <span class="muted small">at {time(last.end * 1000).slice(11)}</span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td class="numeric">{last?.p99 != null ? ms(last.p99) : '—'}</td>
                  <td class="small">
                    {event ? (
                      <>
                        <span class={'badge ev-' + event.type}>{event.type}</span> {time(Date.parse(event.time))}
                      </>
                    ) : (
                      '—'
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
