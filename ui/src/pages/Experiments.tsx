import { useState } from 'preact/hooks';
import { post, type Experiment } from '../api';
import { time } from '../format';
import { navigate, url } from '../router';
import { ErrorBox, Link, Loading, useLoad, usePageTitle } from '../components/common';

export function ExperimentsPage({ query }: { query: URLSearchParams }) {
  usePageTitle('Experiments');
  const name = query.get('name') ?? '';
  const [text, setText] = useState(name);
  const [more, setMore] = useState<{ items: Experiment[]; token?: string }>({ items: [] });
  const search = (token?: string, signal?: AbortSignal) =>
    post<{ experiments?: Experiment[]; next_page_token?: string }>(
      '/experiments/search',
      {
        max_results: 500,
        page_token: token,
        order_by: ['last_update_time DESC'],
        filter: name ? `name ILIKE '%${name.replace(/'/g, "\\'")}%'` : undefined,
      },
      signal,
    );
  const first = useLoad(async (signal) => {
    const r = await search(undefined, signal);
    setMore({ items: [], token: r.next_page_token });
    return r.experiments ?? [];
  }, [name]);
  const rows = [...(first.data ?? []), ...more.items];
  return (
    <section>
      <h1>Experiments</h1>
      <form
        class="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(url('/experiments', { name: text }), true);
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
        <table class="grid" aria-label="Experiments">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">ID</th>
              <th scope="col">Created</th>
              <th scope="col">Last update</th>
              <th scope="col">Artifact location</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.experiment_id}>
                <td>
                  <Link href={`/experiments/${encodeURIComponent(e.experiment_id)}`}>{e.name}</Link>
                </td>
                <td>{e.experiment_id}</td>
                <td>{time(e.creation_time)}</td>
                <td>{time(e.last_update_time)}</td>
                <td class="muted">{e.artifact_location}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length === 0 && !first.loading && !first.error && <p class="muted">No experiments.</p>}
      {more.token && (
        <button
          type="button"
          onClick={async () => {
            const r = await search(more.token);
            setMore((m) => ({ items: [...m.items, ...(r.experiments ?? [])], token: r.next_page_token }));
          }}
        >
          Load more
        </button>
      )}
    </section>
  );
}
