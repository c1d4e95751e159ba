import { useState } from 'preact/hooks';
import { get, type KV } from '../api';
import { time } from '../format';
import { navigate, url } from '../router';
import { ErrorBox, Link, Loading, useLoad, usePageTitle } from '../components/common';

export interface ModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  run_link?: string;
  model_id?: string;
  status?: string;
  status_message?: string;
  tags?: KV[];
  aliases?: string[];
  user_id?: string;
}
export interface RegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  description?: string;
  latest_versions?: ModelVersion[];
  tags?: KV[];
  aliases?: { alias: string; version: string }[];
}

export const modelHref = (name: string) => `/models/${encodeURIComponent(name)}`;

export function ModelsPage({ query }: { query: URLSearchParams }) {
  usePageTitle('Models');
  const name = query.get('name') ?? '';
  const [text, setText] = useState(name);
  const [extra, setExtra] = useState<{ items: RegisteredModel[]; token?: string }>({ items: [] });
  const search = (token?: string, signal?: AbortSignal) =>
    get<{ registered_models?: RegisteredModel[]; next_page_token?: string }>(
      '/registered-models/search',
      { max_results: 200, page_token: token, order_by: 'name ASC', filter: name ? `name ILIKE '%${name.replace(/'/g, "\\'")}%'` : undefined },
      signal,
    );
  const first = useLoad(async (s) => {
    const r = await search(undefined, s);
    setExtra({ items: [], token: r.next_page_token });
    return r.registered_models ?? [];
  }, [name]);
  const rows = [...(first.data ?? []), ...extra.items];
  return (
    <section>
      <h1>Registered models</h1>
      <form
        class="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(url('/models', { name: text }), true);
        }}
      >
        <label>
          Name contains <input type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorBox error={first.error} />
      {first.loading && !first.data ? (
        <Loading />
      ) : (
        <table class="grid" aria-label="Registered models">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Latest version</th>
              <th scope="col">Aliases</th>
              <th scope="col">Last modified</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => {
              const latest = (m.latest_versions ?? []).reduce<ModelVersion | undefined>((a, v) => (!a || Number(v.version) > Number(a.version) ? v : a), undefined);
              return (
                <tr>
                  <td>
                    <Link href={modelHref(m.name)}>{m.name}</Link>
                  </td>
                  <td>{latest ? <Link href={`${modelHref(m.name)}/versions/${encodeURIComponent(latest.version)}`}>Version {latest.version}</Link> : '—'}</td>
                  <td>
                    {(m.aliases ?? []).map((a) => (
                      <span class="badge">
                        @{a.alias} → v{a.version}
                      </span>
                    ))}
                  </td>
                  <td>{time(m.last_updated_timestamp)}</td>
                  <td class="wrap">{m.description}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {rows.length === 0 && first.data && <p class="muted">No registered models.</p>}
      {extra.token && (
        <button
          type="button"
          onClick={async () => {
            const r = await search(extra.token);
            setExtra((x) => ({ items: [...x.items, ...(r.registered_models ?? [])], token: r.next_page_token }));
          }}
        >
          Load more
        </button>
      )}
    </section>
  );
}
