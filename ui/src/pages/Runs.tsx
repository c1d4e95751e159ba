// An experiment's runs: server-side filter (MLflow search grammar) and sort, chosen param/metric
// columns, pages fetched with page tokens as the user scrolls, only the visible rows rendered,
// nested runs folded under their parents (tag mlflow.parentRunId).
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { get, post, tag, type Experiment, type Run } from '../api';
import { duration, num, time } from '../format';
import { navigate, url } from '../router';
import { ErrorBox, Link, Loading, useLoad, usePageTitle } from '../components/common';

const ROW = 34; // px; rows have one line (CSS .runs td), so the window maths stays exact
const FIRST_PAGE = 100; // small first page: the table paints before the rest arrives
const NEXT_PAGE = 1000;
const PARENT = 'mlflow.parentRunId';

type Col = { kind: 'm' | 'p' | 't'; key: string };
const colId = (c: Col) => `${c.kind}:${c.key}`;
const parseCols = (s: string | null): Col[] | null =>
  s == null
    ? null
    : s
        .split(',')
        .filter((x) => /^[mpt]:./.test(x))
        .map((x) => ({ kind: x[0] as Col['kind'], key: decodeURIComponent(x.slice(2)) }));
const serialiseCols = (cols: Col[]) => cols.map((c) => `${c.kind}:${encodeURIComponent(c.key)}`).join(',');
const PREFIX = { m: 'metrics', p: 'params', t: 'tags' } as const;
const orderKey = (c: Col) => `${PREFIX[c.kind]}.\`${c.key}\``;

function value(run: Run, c: Col): string {
  if (c.kind === 'm') return num(run.data.metrics?.find((m) => m.key === c.key)?.value);
  if (c.kind === 'p') return run.data.params?.find((m) => m.key === c.key)?.value ?? '';
  return tag(run.data.tags, c.key) ?? '';
}

interface Row {
  run: Run;
  depth: number;
  children: number;
}

export function RunsPage({ experimentId, query }: { experimentId: string; query: URLSearchParams }) {
  const filter = query.get('filter') ?? '';
  const order = query.get('order') ?? 'attributes.start_time DESC';
  const view = query.get('view') ?? 'ACTIVE_ONLY';
  const urlCols = parseCols(query.get('cols'));
  const setQuery = (patch: Record<string, string | undefined>) => {
    const next: Record<string, string | undefined> = {
      filter,
      order: order === 'attributes.start_time DESC' ? undefined : order,
      view: view === 'ACTIVE_ONLY' ? undefined : view,
      cols: query.get('cols') ?? undefined,
      ...patch,
    };
    navigate(url(`/experiments/${encodeURIComponent(experimentId)}`, next), true);
  };

  const exp = useLoad((s) => get<{ experiment: Experiment }>('/experiments/get', { experiment_id: experimentId }, s), [experimentId]);
  usePageTitle(exp.data?.experiment.name ?? 'Runs');

  // runs, loaded page by page
  const [runs, setRuns] = useState<Run[]>([]);
  const [token, setToken] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const search = (pageToken: string | undefined, size: number) =>
    post<{ runs?: Run[]; next_page_token?: string }>('/runs/search', {
      experiment_ids: [experimentId],
      filter,
      order_by: [order],
      run_view_type: view,
      max_results: size,
      page_token: pageToken,
    });
  useEffect(() => {
    const gen = ++generation.current;
    // a new search starts at the top of the table
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
    setLoading(true);
    setError(undefined);
    search(undefined, FIRST_PAGE).then(
      (r) => {
        if (gen !== generation.current) return;
        setRuns(r.runs ?? []);
        setToken(r.next_page_token);
        setLoading(false);
      },
      (e) => {
        if (gen !== generation.current) return;
        setRuns([]);
        setToken(undefined);
        setError(e);
        setLoading(false);
      },
    );
  }, [experimentId, filter, order, view]);
  const loadMore = () => {
    if (loading || !token) return;
    const gen = generation.current;
    setLoading(true);
    search(token, NEXT_PAGE).then(
      (r) => {
        if (gen !== generation.current) return;
        setRuns((old) => old.concat(r.runs ?? []));
        setToken(r.next_page_token);
        setLoading(false);
      },
      (e) => {
        if (gen !== generation.current) return;
        setError(e);
        setLoading(false);
      },
    );
  };

  // the keys seen so far, for the column chooser and the default columns
  const keys = useMemo(() => {
    const m = new Set<string>(), p = new Set<string>(), t = new Set<string>();
    for (const r of runs.slice(0, 2000)) {
      r.data.metrics?.forEach((x) => m.add(x.key));
      r.data.params?.forEach((x) => p.add(x.key));
      r.data.tags?.forEach((x) => !x.key.startsWith('mlflow.') && t.add(x.key));
    }
    return { m: [...m].sort(), p: [...p].sort(), t: [...t].sort() };
  }, [runs.length > 0 ? runs[0] : null, Math.min(runs.length, 2000)]);
  const cols: Col[] = urlCols ?? [
    ...keys.m.slice(0, 6).map((key) => ({ kind: 'm' as const, key })),
    ...keys.p.slice(0, 6).map((key) => ({ kind: 'p' as const, key })),
  ];

  // folding: children under parents that are loaded; orphans stay at the top level
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const rows = useMemo(() => {
    const ids = new Set(runs.map((r) => r.info.run_id));
    const kids = new Map<string, Run[]>();
    const top: Run[] = [];
    for (const r of runs) {
      const parent = tag(r.data.tags, PARENT);
      if (parent && parent !== r.info.run_id && ids.has(parent)) {
        if (!kids.has(parent)) kids.set(parent, []);
        kids.get(parent)!.push(r);
      } else top.push(r);
    }
    const out: Row[] = [];
    const seen = new Set<string>();
    const walk = (r: Run, depth: number) => {
      if (seen.has(r.info.run_id)) return; // a cycle in user-set tags
      seen.add(r.info.run_id);
      const children = kids.get(r.info.run_id) ?? [];
      out.push({ run: r, depth, children: children.length });
      if (expanded.has(r.info.run_id)) children.forEach((c) => walk(c, depth + 1));
    };
    top.forEach((r) => walk(r, 0));
    return out;
  }, [runs, expanded]);
  const toggle = (id: string) =>
    setExpanded((s) => {
      const n = new Set(s);
      n.has(id) ? n.delete(id) : n.add(id);
      return n;
    });

  // selection for compare
  const [selected, setSelected] = useState<string[]>([]);
  const select = (id: string, on: boolean) => setSelected((s) => (on ? [...s.filter((x) => x !== id), id] : s.filter((x) => x !== id)));

  // the visible window
  const [height, setHeight] = useState(600);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, [scroller.current]);
  const overscan = 10;
  const start = Math.max(0, Math.floor(scrollTop / ROW) - overscan);
  const end = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW) + overscan);
  useEffect(() => {
    if (token && !loading && end >= rows.length - 50) loadMore();
  }, [end, rows.length, token, loading]);
  useEffect(() => {
    if (runs.length > 0 && performance.getEntriesByName('capstan:runs-table').length === 0)
      requestAnimationFrame(() => performance.mark('capstan:runs-table'));
  }, [runs.length > 0]);

  // one row is in the tab order (roving tabindex): Tab enters the table once, arrows move within it
  const [active, setActive] = useState(0);
  const focusRow = (index: number) => {
    const el = scroller.current!;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    if (i * ROW < el.scrollTop || (i + 1) * ROW > el.scrollTop + el.clientHeight - ROW)
      el.scrollTop = Math.max(0, i * ROW - el.clientHeight / 2);
    setActive(i);
    requestAnimationFrame(() => (el.querySelector(`tr[data-index="${i}"]`) as HTMLElement | null)?.focus());
  };
  const onRowKey = (e: KeyboardEvent, index: number, row: Row) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter') navigate(`/runs/${encodeURIComponent(row.run.info.run_id)}`);
    else if (e.key === 'ArrowDown') (e.preventDefault(), focusRow(index + 1));
    else if (e.key === 'ArrowUp') (e.preventDefault(), focusRow(index - 1));
    else if (e.key === 'Home') (e.preventDefault(), focusRow(0));
    else if (e.key === 'End') (e.preventDefault(), focusRow(rows.length - 1));
    else if (e.key === 'PageDown') (e.preventDefault(), focusRow(index + Math.floor(height / ROW) - 1));
    else if (e.key === 'PageUp') (e.preventDefault(), focusRow(index - Math.floor(height / ROW) + 1));
    else if (e.key === 'ArrowRight' && row.children && !expanded.has(row.run.info.run_id)) toggle(row.run.info.run_id);
    else if (e.key === 'ArrowLeft' && expanded.has(row.run.info.run_id)) toggle(row.run.info.run_id);
    else if (e.key === ' ') (e.preventDefault(), select(row.run.info.run_id, !selected.includes(row.run.info.run_id)));
  };

  const sortHeader = (label: string, key: string, extra = '') => {
    const asc = order === `${key} ASC`;
    const desc = order === `${key} DESC`;
    return (
      <th scope="col" class={extra} aria-sort={asc ? 'ascending' : desc ? 'descending' : 'none'}>
        <button type="button" class="sort" onClick={() => setQuery({ order: `${key} ${desc ? 'ASC' : 'DESC'}` })} title={`Sort by ${label}`}>
          {label}
          <span aria-hidden="true">{desc ? ' ▼' : asc ? ' ▲' : ''}</span>
        </button>
      </th>
    );
  };

  const [filterText, setFilterText] = useState(filter);
  useEffect(() => setFilterText(filter), [filter]);
  const width = 5 + cols.length;

  return (
    <section class="runs-page">
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href="/experiments">Experiments</Link> / <span>{exp.data?.experiment.name ?? experimentId}</span>
      </nav>
      <h1>{exp.data?.experiment.name ?? `Experiment ${experimentId}`}</h1>
      <ErrorBox error={exp.error} />
      <form
        class="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ filter: filterText.trim() });
        }}
      >
        <label class="grow">
          Filter
          <input
            type="search"
            name="filter"
            value={filterText}
            placeholder="metrics.loss < 0.5 and params.model = 'cnn'"
            onInput={(e) => setFilterText(e.currentTarget.value)}
            spellcheck={false}
          />
        </label>
        <button type="submit">Search</button>
        <label>
          Show{' '}
          <select value={view} onChange={(e) => setQuery({ view: e.currentTarget.value })}>
            <option value="ACTIVE_ONLY">active runs</option>
            <option value="DELETED_ONLY">deleted runs</option>
            <option value="ALL">all runs</option>
          </select>
        </label>
        <ColumnChooser keys={keys} cols={cols} onChange={(c) => setQuery({ cols: serialiseCols(c) })} />
        <Link
          class={'button' + (selected.length < 2 ? ' disabled' : '')}
          aria-disabled={selected.length < 2 ? 'true' : undefined}
          href={url('/compare', { runs: selected.join(',') })}
          onClick={(e: MouseEvent) => selected.length < 2 && e.preventDefault()}
        >
          Compare {selected.length} selected
        </Link>
      </form>
      <ErrorBox error={error} />
      <p class="muted" aria-live="polite">
        {runs.length.toLocaleString()} runs loaded{token ? ' (more load as you scroll)' : ''}
        {rows.length !== runs.length ? `; ${rows.length.toLocaleString()} rows shown, nested runs folded` : ''}
        {loading ? ' · loading…' : ''}
      </p>
      <div class="scroller" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <table class="grid runs" aria-label="Runs" aria-rowcount={rows.length + 1} data-loaded={runs.length}>
          <thead>
            <tr>
              <th scope="col" class="check">
                <span class="sr-only">Select</span>
              </th>
              {sortHeader('Run', 'attributes.run_name', 'name')}
              {sortHeader('Created', 'attributes.start_time')}
              <th scope="col">Duration</th>
              {sortHeader('Status', 'attributes.status')}
              {cols.map((c) => sortHeader((c.kind === 'm' ? '' : c.kind === 'p' ? 'param ' : 'tag ') + c.key, orderKey(c), 'c-' + c.kind))}
            </tr>
          </thead>
          <tbody>
            {start > 0 && (
              <tr aria-hidden="true" class="spacer" style={{ height: start * ROW + 'px' }}>
                <td colSpan={width} />
              </tr>
            )}
            {rows.slice(start, end).map((row, i) => {
              const r = row.run;
              const id = r.info.run_id;
              const index = start + i;
              return (
                <tr
                  key={id}
                  data-index={index}
                  data-run-id={id}
                  aria-rowindex={index + 2}
                  tabIndex={index === Math.min(active, rows.length - 1) ? 0 : -1}
                  onFocus={() => setActive(index)}
                  onKeyDown={(e) => onRowKey(e, index, row)}
                  class={selected.includes(id) ? 'selected' : ''}
                >
                  <td class="check">
                    <input
                      type="checkbox"
                      tabIndex={-1}
                      aria-label={`Select ${r.info.run_name || id}`}
                      checked={selected.includes(id)}
                      onChange={(e) => select(id, e.currentTarget.checked)}
                    />
                  </td>
                  <td class="name" style={{ paddingLeft: 6 + row.depth * 18 + 'px' }}>
                    {row.children > 0 ? (
                      <button
                        type="button"
                        class="fold"
                        tabIndex={-1}
                        aria-expanded={expanded.has(id)}
                        aria-label={`${expanded.has(id) ? 'Fold' : 'Unfold'} ${row.children} child runs`}
                        onClick={() => toggle(id)}
                      >
                        {expanded.has(id) ? '▾' : '▸'}
                      </button>
                    ) : (
                      <span class="fold" />
                    )}
                    <Link href={`/runs/${encodeURIComponent(id)}`} tabIndex={-1}>
                      {r.info.run_name || id}
                    </Link>
                    {row.children > 0 && <span class="badge">{row.children}</span>}
                  </td>
                  <td>{time(r.info.start_time)}</td>
                  <td>{duration(r.info.start_time, r.info.end_time)}</td>
                  <td>
                    <span class={'status s-' + r.info.status}>{r.info.status}</span>
                  </td>
                  {cols.map((c) => (
                    <td class={c.kind === 'm' ? 'numeric' : ''}>{value(r, c)}</td>
                  ))}
                </tr>
              );
            })}
            {end < rows.length && (
              <tr aria-hidden="true" class="spacer" style={{ height: (rows.length - end) * ROW + 'px' }}>
                <td colSpan={width} />
              </tr>
            )}
          </tbody>
        </table>
        {!loading && runs.length === 0 && !error && <p class="muted pad">No runs match.</p>}
        {loading && runs.length === 0 && <Loading what="Loading runs" />}
      </div>
      <p class="muted small">
        Keys: Tab to the table, ↑/↓, PgUp/PgDn, Home/End to move, Enter to open a run, Space to select, →/← to unfold or fold child runs.
      </p>
    </section>
  );
}

function ColumnChooser({ keys, cols, onChange }: { keys: { m: string[]; p: string[]; t: string[] }; cols: Col[]; onChange: (c: Col[]) => void }) {
  const on = new Set(cols.map(colId));
  const group = (kind: Col['kind'], title: string, list: string[]) =>
    list.length > 0 && (
      <fieldset>
        <legend>{title}</legend>
        {list.map((key) => {
          const c = { kind, key };
          return (
            <label class="check-label">
              <input
                type="checkbox"
                checked={on.has(colId(c))}
                onChange={(e) => onChange(e.currentTarget.checked ? [...cols, c] : cols.filter((x) => colId(x) !== colId(c)))}
              />{' '}
              {key}
            </label>
          );
        })}
      </fieldset>
    );
  return (
    <details class="chooser">
      <summary>Columns ({cols.length})</summary>
      <div class="chooser-body">
        {group('m', 'Metrics', keys.m)}
        {group('p', 'Parameters', keys.p)}
        {group('t', 'Tags', keys.t)}
      </div>
    </details>
  );
}
