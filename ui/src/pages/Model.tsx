import { get, tag, type Run } from '../api';
import { time } from '../format';
import { ErrorBox, KVTable, Link, Loading, useLoad, usePageTitle } from '../components/common';
import { modelHref, type ModelVersion, type RegisteredModel } from './Models';
import { deploymentHref, listDeployments } from './Deployments';
import { routing, servingVersion } from '../deployments';

async function allVersions(name: string, signal: AbortSignal): Promise<ModelVersion[]> {
  const out: ModelVersion[] = [];
  let token: string | undefined;
  do {
    const r = await get<{ model_versions?: ModelVersion[]; next_page_token?: string }>(
      '/model-versions/search',
      { filter: `name = '${name.replace(/'/g, "\\'")}'`, max_results: 1000, page_token: token },
      signal,
    );
    out.push(...(r.model_versions ?? []));
    token = r.next_page_token;
  } while (token && out.length < 10000);
  return out.sort((a, b) => Number(b.version) - Number(a.version));
}

export function ModelPage({ name, version }: { name: string; version?: string }) {
  usePageTitle(version ? `${name} v${version}` : name);
  const model = useLoad((s) => get<{ registered_model: RegisteredModel }>('/registered-models/get', { name }, s).then((r) => r.registered_model), [name]);
  const versions = useLoad((s) => allVersions(name, s), [name]);
  if (model.error) return <ErrorBox error={model.error} />;
  if (!model.data) return <Loading what="Loading model" />;
  const m = model.data;
  const aliasesOf = (v: string) => (m.aliases ?? []).filter((a) => a.version === v).map((a) => a.alias);
  return (
    <article>
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href="/models">Models</Link> / {version ? <Link href={modelHref(name)}>{name}</Link> : <span>{name}</span>}
        {version && <span> / Version {version}</span>}
      </nav>
      <h1>
        {name}
        {version && ` — version ${version}`}
      </h1>
      {version ? (
        <VersionDetail name={name} version={version} aliases={aliasesOf(version)} />
      ) : (
        <>
          <dl class="facts">
            <dt>Created</dt>
            <dd>{time(m.creation_timestamp)}</dd>
            <dt>Last modified</dt>
            <dd>{time(m.last_updated_timestamp)}</dd>
            <dt>Aliases</dt>
            <dd>
              {(m.aliases ?? []).length === 0
                ? '—'
                : (m.aliases ?? []).map((a) => (
                    <Link class="badge" href={`${modelHref(name)}/versions/${encodeURIComponent(a.version)}`}>
                      @{a.alias} → v{a.version}
                    </Link>
                  ))}
            </dd>
          </dl>
          <section aria-labelledby="mdesc-h">
            <h2 id="mdesc-h">Description</h2>
            {m.description ? <p class="note">{m.description}</p> : <p class="muted">No description.</p>}
          </section>
          <section aria-labelledby="versions-h">
            <h2 id="versions-h">Versions</h2>
            <ErrorBox error={versions.error} />
            {!versions.data && !versions.error && <Loading what="Loading versions" />}
            {versions.data && (
              <table class="grid" aria-label="Model versions">
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Aliases</th>
                    <th scope="col">Stage</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                    <th scope="col">Source run</th>
                    <th scope="col">Tags</th>
                  </tr>
                </thead>
                <tbody>
                  {versions.data.map((v) => (
                    <tr>
                      <td>
                        <Link href={`${modelHref(name)}/versions/${encodeURIComponent(v.version)}`}>Version {v.version}</Link>
                      </td>
                      <td>
                        {aliasesOf(v.version).map((a) => (
                          <span class="badge">@{a}</span>
                        ))}
                      </td>
                      <td>{v.current_stage}</td>
                      <td>{v.status}</td>
                      <td>{time(v.creation_timestamp)}</td>
                      <td>{v.run_id ? <Link href={`/runs/${encodeURIComponent(v.run_id)}`}>{v.run_id.slice(0, 12)}</Link> : '—'}</td>
                      <td class="small">{(v.tags ?? []).map((t) => `${t.key}=${t.value}`).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <ModelDeployments name={name} />
          <section aria-labelledby="mtags-h">
            <h2 id="mtags-h">Tags</h2>
            <KVTable rows={m.tags} caption="Model tags" empty="No tags." />
          </section>
        </>
      )}
    </article>
  );
}

function VersionDetail({ name, version, aliases }: { name: string; version: string; aliases: string[] }) {
  const v = useLoad((s) => get<{ model_version: ModelVersion }>('/model-versions/get', { name, version }, s).then((r) => r.model_version), [name, version]);
  const run = useLoad(
    (s) => (v.data?.run_id ? get<{ run: Run }>('/runs/get', { run_id: v.data.run_id }, s).then((r) => r.run) : Promise.resolve(undefined)),
    [v.data?.run_id],
  );
  if (v.error) return <ErrorBox error={v.error} />;
  if (!v.data) return <Loading what="Loading version" />;
  const mv = v.data;
  return (
    <>
      <dl class="facts">
        <dt>Status</dt>
        <dd>{mv.status}</dd>
        <dt>Stage</dt>
        <dd>{mv.current_stage}</dd>
        <dt>Aliases</dt>
        <dd>{aliases.length ? aliases.map((a) => <span class="badge">@{a}</span>) : '—'}</dd>
        <dt>Created</dt>
        <dd>{time(mv.creation_timestamp)}</dd>
        <dt>Last modified</dt>
        <dd>{time(mv.last_updated_timestamp)}</dd>
        <dt>Source</dt>
        <dd class="wrap">{mv.source}</dd>
        {mv.model_id && (
          <>
            <dt>Logged model</dt>
            <dd>
              <code>{mv.model_id}</code>
            </dd>
          </>
        )}
        <dt>Source run</dt>
        <dd>{mv.run_id ? <Link href={`/runs/${encodeURIComponent(mv.run_id)}`}>{run.data?.info.run_name ?? mv.run_id}</Link> : '—'}</dd>
      </dl>
      {mv.description && <p class="note">{mv.description}</p>}
      <section aria-labelledby="lineage-h">
        <h2 id="lineage-h">Lineage</h2>
        {!mv.run_id && <p class="muted">No source run recorded.</p>}
        <ErrorBox error={run.error} />
        {run.data && (
          <ul>
            <li>
              Run <Link href={`/runs/${encodeURIComponent(run.data.info.run_id)}`}>{run.data.info.run_name || run.data.info.run_id}</Link> in experiment{' '}
              <Link href={`/experiments/${encodeURIComponent(run.data.info.experiment_id)}`}>{run.data.info.experiment_id}</Link>
            </li>
            {(run.data.inputs?.dataset_inputs ?? []).map((d) => (
              <li>
                Dataset {d.dataset.name} <code>{d.dataset.digest}</code> {tag(d.tags, 'mlflow.data.context') && <span class="muted">({tag(d.tags, 'mlflow.data.context')})</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <ServedBy name={name} version={version} />
      <section aria-labelledby="vtags-h">
        <h2 id="vtags-h">Tags</h2>
        <KVTable rows={mv.tags} caption="Version tags" empty="No tags." />
      </section>
    </>
  );
}

/** The deployments that route traffic (or shadow copies) to this version. */
function ServedBy({ name, version }: { name: string; version: string }) {
  const list = useLoad((s) => listDeployments(s), []);
  const serving = list.data ? servingVersion(list.data, name, version) : [];
  return (
    <section aria-labelledby="served-h">
      <h2 id="served-h">Deployments</h2>
      <ErrorBox error={list.error} />
      {list.data && serving.length === 0 && <p class="muted">No deployment serves this version.</p>}
      {serving.length > 0 && (
        <ul class="served-by">
          {serving.map((x) => (
            <li>
              <Link href={deploymentHref(x.name)}>{x.name}</Link>{' '}
              {x.role === 'shadow' ? <span class="badge role-shadow">shadow (gets a copy of every request)</span> : <span class={'badge role-' + x.role}>{x.role}: {x.weight} % of traffic</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The deployments of this model and how each splits its traffic. */
function ModelDeployments({ name }: { name: string }) {
  const list = useLoad((s) => listDeployments(s).then((all) => all.filter((d) => d.spec.model === name)), [name]);
  return (
    <section aria-labelledby="mdeploy-h">
      <h2 id="mdeploy-h">Deployments</h2>
      <ErrorBox error={list.error} />
      {list.data && list.data.length === 0 && <p class="muted">Not deployed.</p>}
      {list.data && list.data.length > 0 && (
        <ul class="served-by">
          {list.data.map((d) => (
            <li>
              <Link href={deploymentHref(d.spec.name)}>{d.spec.name}</Link> <span class="traffic">{routing(d)}</span>
              {d.shadow_version && <span class="muted"> · shadow v{d.shadow_version}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
