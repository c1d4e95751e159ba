import { useEffect, useMemo, useState } from 'preact/hooks';
import { artifactUrl, get, post, tag, type Experiment, type FileInfo, type KV, type Metric, type Run } from '../api';
import { duration, num, time } from '../format';
import { navigate, url } from '../router';
import { ErrorBox, KVTable, Link, Loading, useLoad, usePageTitle } from '../components/common';
import { StepChart } from '../components/Chart';
import { ArtifactBrowser, type ArtifactSource } from '../components/Artifacts';

const MAX_POINTS = 200_000;

/** A metric's whole history, page by page (capped, so a runaway history cannot freeze the tab). */
export async function history(runId: string, key: string, signal?: AbortSignal): Promise<Metric[]> {
  const out: Metric[] = [];
  let token: string | undefined;
  do {
    const r = await get<{ metrics?: Metric[]; next_page_token?: string }>(
      '/metrics/get-history',
      { run_id: runId, metric_key: key, max_results: 25000, page_token: token },
      signal,
    );
    out.push(...(r.metrics ?? []));
    token = r.next_page_token;
  } while (token && out.length < MAX_POINTS);
  return out.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
}

interface LoggedModel {
  info: { model_id: string; name: string; artifact_uri?: string; status?: string; creation_timestamp_ms?: number; model_type?: string; source_run_id?: string; tags?: KV[] };
  data?: { params?: KV[]; metrics?: Metric[] };
}

export function RunPage({ runId, query }: { runId: string; query: URLSearchParams }) {
  const run = useLoad((s) => get<{ run: Run }>('/runs/get', { run_id: runId }, s).then((r) => r.run), [runId]);
  const r = run.data;
  usePageTitle(r?.info.run_name ?? 'Run');
  const exp = useLoad(
    (s) => (r ? get<{ experiment: Experiment }>('/experiments/get', { experiment_id: r.info.experiment_id }, s) : Promise.resolve(undefined)),
    [r?.info.experiment_id],
  );
  const children = useLoad(
    (s) =>
      r
        ? post<{ runs?: Run[] }>('/runs/search', { experiment_ids: [r.info.experiment_id], filter: `tags.mlflow.parentRunId = '${runId}'`, max_results: 200 }, s).then((x) => x.runs ?? [])
        : Promise.resolve([]),
    [r?.info.experiment_id, runId],
  );
  const artifact = query.get('artifact') ?? undefined;
  const source = useMemo<ArtifactSource>(
    () => ({
      list: (path) => get<{ files?: FileInfo[] }>('/artifacts/list', { run_id: runId, path }).then((x) => x.files ?? []),
      href: (path) => artifactUrl(runId, path),
    }),
    [runId],
  );

  if (run.error) return <ErrorBox error={run.error} />;
  if (!r) return <Loading what="Loading run" />;
  const tags = r.data.tags ?? [];
  const parent = tag(tags, 'mlflow.parentRunId');
  const note = tag(tags, 'mlflow.note.content');
  const userTags = tags.filter((t) => !t.key.startsWith('mlflow.'));
  const systemTags = tags.filter((t) => t.key.startsWith('mlflow.'));
  const expName = exp.data?.experiment.name ?? r.info.experiment_id;
  return (
    <article class="run">
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href="/experiments">Experiments</Link> / <Link href={`/experiments/${encodeURIComponent(r.info.experiment_id)}`}>{expName}</Link> /{' '}
        <span>{r.info.run_name || runId}</span>
      </nav>
      <h1>
        {r.info.run_name || runId} <span class={'status s-' + r.info.status}>{r.info.status}</span>
      </h1>
      <nav class="jump" aria-label="Sections">
        <a href="#metrics">Metrics</a> <a href="#params">Parameters</a> <a href="#artifacts">Artifacts</a> <a href="#datasets">Datasets</a>{' '}
        <a href="#models">Models</a> <a href="#tags">Tags</a>
      </nav>
      <dl class="facts">
        <dt>Run ID</dt>
        <dd>
          <code>{runId}</code>
        </dd>
        <dt>Experiment</dt>
        <dd>
          <Link href={`/experiments/${encodeURIComponent(r.info.experiment_id)}`}>{expName}</Link>
        </dd>
        <dt>Started</dt>
        <dd>{time(r.info.start_time)}</dd>
        <dt>Duration</dt>
        <dd>{duration(r.info.start_time, r.info.end_time) || '—'}</dd>
        {r.info.user_id && (
          <>
            <dt>User</dt>
            <dd>{r.info.user_id}</dd>
          </>
        )}
        {tag(tags, 'mlflow.source.name') && (
          <>
            <dt>Source</dt>
            <dd>{tag(tags, 'mlflow.source.name')}</dd>
          </>
        )}
        {tag(tags, 'mlflow.source.git.commit') && (
          <>
            <dt>Git commit</dt>
            <dd>
              <code>{tag(tags, 'mlflow.source.git.commit')}</code>
            </dd>
          </>
        )}
        {parent && (
          <>
            <dt>Parent run</dt>
            <dd>
              <Link href={`/runs/${encodeURIComponent(parent)}`}>{parent}</Link>
            </dd>
          </>
        )}
        <dt>Artifact URI</dt>
        <dd class="wrap">{r.info.artifact_uri}</dd>
      </dl>
      <section aria-labelledby="desc-h">
        <h2 id="desc-h">Description</h2>
        {note ? <p class="note">{note}</p> : <p class="muted">No description.</p>}
      </section>
      {children.data && children.data.length > 0 && (
        <section aria-labelledby="children-h">
          <h2 id="children-h">Child runs ({children.data.length})</h2>
          <ul class="inline-list">
            {children.data.map((c) => (
              <li>
                <Link href={`/runs/${encodeURIComponent(c.info.run_id)}`}>{c.info.run_name || c.info.run_id}</Link>
              </li>
            ))}
          </ul>
          <Link href={url('/compare', { runs: children.data.map((c) => c.info.run_id).slice(0, 50).join(',') })}>Compare child runs</Link>
        </section>
      )}
      <Metrics run={r} />
      <section id="params" aria-labelledby="params-h">
        <h2 id="params-h">Parameters</h2>
        <KVTable rows={[...(r.data.params ?? [])].sort((a, b) => a.key.localeCompare(b.key))} caption="Parameters" empty="No parameters." />
      </section>
      <section id="artifacts" aria-labelledby="artifacts-h">
        <h2 id="artifacts-h">Artifacts</h2>
        <ArtifactBrowser source={source} selected={artifact} onSelect={(p) => navigate(url(`/runs/${encodeURIComponent(runId)}`, { artifact: p }), true)} />
      </section>
      <Datasets run={r} />
      <Models run={r} />
      <section id="tags" aria-labelledby="tags-h">
        <h2 id="tags-h">Tags</h2>
        <KVTable rows={userTags} caption="Tags" empty="No tags." />
        <details>
          <summary>System tags ({systemTags.length})</summary>
          <KVTable rows={systemTags} caption="System tags (mlflow.*)" empty="No system tags." />
        </details>
      </section>
    </article>
  );
}

function Metrics({ run }: { run: Run }) {
  const latest = [...(run.data.metrics ?? [])].sort((a, b) => a.key.localeCompare(b.key));
  const [histories, setHistories] = useState<Record<string, Metric[] | Error>>({});
  useEffect(() => {
    const ctl = new AbortController();
    setHistories({});
    const queue = latest.map((m) => m.key);
    // four at a time: a run with hundreds of metrics should not open hundreds of requests
    const worker = async () => {
      for (let key = queue.shift(); key != null; key = queue.shift()) {
        const k = key;
        try {
          const h = await history(run.info.run_id, k, ctl.signal);
          setHistories((o) => ({ ...o, [k]: h }));
        } catch (e) {
          if (!ctl.signal.aborted) setHistories((o) => ({ ...o, [k]: e as Error }));
        }
      }
    };
    Promise.all([worker(), worker(), worker(), worker()]);
    return () => ctl.abort();
  }, [run.info.run_id]);
  return (
    <section id="metrics" aria-labelledby="metrics-h">
      <h2 id="metrics-h">Metrics</h2>
      {latest.length === 0 ? (
        <p class="muted">No metrics.</p>
      ) : (
        <>
          <table class="kv">
            <caption>Latest values</caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Value</th>
                <th scope="col">Step</th>
                <th scope="col">Points</th>
              </tr>
            </thead>
            <tbody>
              {latest.map((m) => {
                const h = histories[m.key];
                return (
                  <tr>
                    <th scope="row">{m.key}</th>
                    <td class="numeric">{num(m.value)}</td>
                    <td class="numeric">{m.step}</td>
                    <td class="numeric">{Array.isArray(h) ? h.length : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div class="charts">
            {latest.map((m) => {
              const h = histories[m.key];
              if (h instanceof Error) return <ErrorBox error={h} />;
              if (!h) return <Loading what={`Loading ${m.key}`} />;
              return <MemoChart key={m.key} title={m.key} history={h} />;
            })}
          </div>
        </>
      )}
    </section>
  );
}

function MemoChart({ title, history }: { title: string; history: Metric[] }) {
  const lines = useMemo(() => [{ label: title, points: history }], [history]);
  return <StepChart title={title} lines={lines} />;
}

function Datasets({ run }: { run: Run }) {
  const inputs = run.inputs?.dataset_inputs ?? [];
  return (
    <section id="datasets" aria-labelledby="datasets-h">
      <h2 id="datasets-h">Datasets</h2>
      {inputs.length === 0 ? (
        <p class="muted">No datasets logged.</p>
      ) : (
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Context</th>
              <th scope="col">Digest</th>
              <th scope="col">Source type</th>
              <th scope="col">Source</th>
              <th scope="col">Schema</th>
              <th scope="col">Profile</th>
            </tr>
          </thead>
          <tbody>
            {inputs.map((d) => (
              <tr>
                <td>{d.dataset.name}</td>
                <td>{tag(d.tags, 'mlflow.data.context')}</td>
                <td>
                  <code>{d.dataset.digest}</code>
                </td>
                <td>{d.dataset.source_type}</td>
                <td class="wrap small">{d.dataset.source}</td>
                <td class="wrap small">{d.dataset.schema}</td>
                <td class="wrap small">{d.dataset.profile}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Models({ run }: { run: Run }) {
  const ids = [...new Set((run.outputs?.model_outputs ?? []).map((m) => m.model_id))];
  const models = useLoad(async (s) => {
    const found = new Map<string, LoggedModel>();
    try {
      const r = await post<{ models?: LoggedModel[] }>(
        '/logged-models/search',
        { experiment_ids: [run.info.experiment_id], filter: `source_run_id = '${run.info.run_id}'`, max_results: 100 },
        s,
      );
      (r.models ?? []).forEach((m) => found.set(m.info.model_id, m));
    } catch {
      /* older servers: fall back to the run's outputs */
    }
    for (const id of ids)
      if (!found.has(id)) {
        try {
          found.set(id, (await get<{ model: LoggedModel }>(`/logged-models/${encodeURIComponent(id)}`, {}, s)).model);
        } catch {
          /* deleted model */
        }
      }
    return [...found.values()];
  }, [run.info.run_id]);
  const legacy = (() => {
    try {
      return JSON.parse(tag(run.data.tags, 'mlflow.log-model.history') ?? '[]') as { artifact_path?: string; flavors?: Record<string, unknown> }[];
    } catch {
      return [];
    }
  })();
  const [open, setOpen] = useState<string | undefined>();
  const registered = useLoad(
    (s) =>
      get<{ model_versions?: { name: string; version: string; current_stage?: string }[] }>(
        '/model-versions/search',
        { filter: `run_id = '${run.info.run_id}'`, max_results: 200 },
        s,
      ).then((r) => r.model_versions ?? []),
    [run.info.run_id],
  );
  return (
    <section id="models" aria-labelledby="models-h">
      <h2 id="models-h">Logged models</h2>
      {registered.data && registered.data.length > 0 && (
        <p>
          Registered as{' '}
          {registered.data.map((v) => (
            <Link class="badge" href={`/models/${encodeURIComponent(v.name)}/versions/${encodeURIComponent(v.version)}`}>
              {v.name} v{v.version}
            </Link>
          ))}
        </p>
      )}
      <ErrorBox error={models.error} />
      {models.data && models.data.length === 0 && legacy.length === 0 && <p class="muted">No models logged.</p>}
      {models.data && models.data.length > 0 && (
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Model ID</th>
              <th scope="col">Status</th>
              <th scope="col">Type</th>
              <th scope="col">Created</th>
              <th scope="col">Files</th>
            </tr>
          </thead>
          <tbody>
            {models.data.map((m) => (
              <tr>
                <td>{m.info.name}</td>
                <td>
                  <code>{m.info.model_id}</code>
                </td>
                <td>{m.info.status}</td>
                <td>{m.info.model_type}</td>
                <td>{time(m.info.creation_timestamp_ms)}</td>
                <td>
                  <button type="button" onClick={() => setOpen(open === m.info.model_id ? undefined : m.info.model_id)} aria-expanded={open === m.info.model_id}>
                    {open === m.info.model_id ? 'Hide files' : 'Show files'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && models.data && <ModelFiles model={models.data.find((m) => m.info.model_id === open)!} />}
      {legacy.length > 0 && (
        <ul>
          {legacy.map((m) => (
            <li>
              {m.artifact_path} <span class="muted">({Object.keys(m.flavors ?? {}).join(', ')})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A logged model's files, listed by the tracking API and read through the mlflow-artifacts proxy. */
function ModelFiles({ model }: { model: LoggedModel }) {
  const [selected, setSelected] = useState<string | undefined>();
  const uri = model.info.artifact_uri ?? '';
  const base = uri.startsWith('mlflow-artifacts:') ? uri.replace(/^mlflow-artifacts:(\/\/[^/]*)?\/*/, '') : undefined;
  const source = useMemo<ArtifactSource>(
    () => ({
      list: (path) =>
        get<{ files?: FileInfo[] }>(`/logged-models/${encodeURIComponent(model.info.model_id)}/artifacts/directories`, { artifact_directory_path: path }).then((x) => x.files ?? []),
      href: (path) => '/ajax-api/2.0/mlflow-artifacts/artifacts/' + [...(base ?? '').split('/'), ...path.split('/')].filter(Boolean).map(encodeURIComponent).join('/'),
    }),
    [model.info.model_id],
  );
  if (base == null) return <p class="muted">The model's files are stored outside this server ({uri}).</p>;
  return <ArtifactBrowser source={source} selected={selected} onSelect={setSelected} />;
}
