// Compare runs: metric curves overlaid (one chart per metric, one line per run), a diff table of
// params and metrics, and a scatter of one param or metric against a metric.
import { useMemo, useState } from 'preact/hooks';
import { get, type Metric, type Run } from '../api';
import { num } from '../format';
import { navigate, url } from '../router';
import { ErrorBox, Link, Loading, useLoad, usePageTitle } from '../components/common';
import { StepChart, type Line } from '../components/Chart';
import { Scatter } from '../components/Scatter';

const MAX_RUNS = 100; // get-history-bulk-interval takes up to 100 runs

export function ComparePage({ query }: { query: URLSearchParams }) {
  usePageTitle('Compare runs');
  const ids = [...new Set((query.get('runs') ?? '').split(',').map((s) => s.trim()).filter(Boolean))].slice(0, MAX_RUNS);
  const runs = useLoad((s) => Promise.all(ids.map((id) => get<{ run: Run }>('/runs/get', { run_id: id }, s).then((r) => r.run))), [ids.join(',')]);
  const list = runs.data ?? [];
  const metricKeys = useMemo(() => [...new Set(list.flatMap((r) => (r.data.metrics ?? []).map((m) => m.key)))].sort(), [list]);
  const paramKeys = useMemo(() => [...new Set(list.flatMap((r) => (r.data.params ?? []).map((m) => m.key)))].sort(), [list]);
  const curves = useLoad(
    async (s) => {
      const out: Record<string, Metric[]> = {};
      for (const key of metricKeys) {
        const r = await get<{ metrics?: Metric[] }>('/metrics/get-history-bulk-interval', { run_ids: ids, metric_key: key, max_results: 1000 }, s);
        out[key] = r.metrics ?? [];
      }
      return out;
    },
    [ids.join(','), metricKeys.join('\u0000')],
  );
  const [onlyDiff, setOnlyDiff] = useState(false);

  if (ids.length === 0)
    return (
      <section>
        <h1>Compare runs</h1>
        <p>
          Select two or more runs in an <Link href="/experiments">experiment's runs table</Link> and choose “Compare”.
        </p>
      </section>
    );
  if (runs.error) return <ErrorBox error={runs.error} />;
  if (!runs.data) return <Loading what="Loading runs" />;

  const name = (r: Run) => r.info.run_name || r.info.run_id.slice(0, 8);
  const param = (r: Run, k: string) => r.data.params?.find((p) => p.key === k)?.value;
  const metric = (r: Run, k: string) => r.data.metrics?.find((p) => p.key === k)?.value;
  const differs = (vals: (string | number | undefined)[]) => new Set(vals.map(String)).size > 1;

  const xChoice = query.get('x') ?? (paramKeys[0] ? 'p:' + paramKeys[0] : metricKeys[0] ? 'm:' + metricKeys[0] : '');
  const yChoice = query.get('y') ?? (metricKeys[0] ? 'm:' + metricKeys[0] : '');
  const setAxis = (axis: 'x' | 'y', v: string) =>
    navigate(url('/compare', { runs: ids.join(','), x: axis === 'x' ? v : query.get('x'), y: axis === 'y' ? v : query.get('y') }), true);
  const read = (r: Run, choice: string): string | number | undefined => {
    const key = choice.slice(2);
    if (choice.startsWith('m:')) return metric(r, key);
    const v = param(r, key);
    return v != null && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  };
  const raw = list.map((r) => ({ r, x: read(r, xChoice), y: read(r, yChoice) })).filter((p) => p.x != null && typeof p.y === 'number');
  const allNumeric = raw.every((p) => typeof p.x === 'number');
  const points = raw.map((p) => ({ label: name(p.r), x: allNumeric ? (p.x as number) : String(p.x), y: p.y as number, href: `/runs/${encodeURIComponent(p.r.info.run_id)}` }));

  return (
    <section class="compare">
      <h1>Compare {list.length} runs</h1>
      <ul class="inline-list legend">
        {list.map((r) => (
          <li>
            <Link href={`/runs/${encodeURIComponent(r.info.run_id)}`}>{name(r)}</Link>
          </li>
        ))}
      </ul>

      <h2>Metric curves</h2>
      <ErrorBox error={curves.error} />
      {metricKeys.length === 0 && <p class="muted">These runs have no metrics.</p>}
      <div class="charts">
        {curves.data &&
          !curves.loading &&
          metricKeys.map((key) => {
            const lines: Line[] = list.map((r) => ({
              label: name(r),
              points: (curves.data![key] ?? []).filter((m) => m.run_id === r.info.run_id).sort((a, b) => a.step - b.step),
            }));
            return <StepChart key={key} title={key} lines={lines} />;
          })}
        {curves.loading && metricKeys.length > 0 && <Loading what="Loading metric histories" />}
      </div>

      <h2>Parameters and metrics</h2>
      <label class="check-label">
        <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.currentTarget.checked)} /> Only rows that differ
      </label>
      <div class="table-scroll">
        <table class="grid diff" aria-label="Parameters and metrics by run">
          <thead>
            <tr>
              <th scope="col">Key</th>
              {list.map((r) => (
                <th scope="col">{name(r)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {paramKeys.length > 0 && (
              <tr class="group">
                <th scope="rowgroup" colSpan={list.length + 1}>
                  Parameters
                </th>
              </tr>
            )}
            {paramKeys.map((k) => {
              const vals = list.map((r) => param(r, k));
              const d = differs(vals);
              if (onlyDiff && !d) return null;
              return (
                <tr class={d ? 'differs' : ''} data-key={'p:' + k}>
                  <th scope="row">
                    {k}
                    {d && <span class="sr-only"> (differs)</span>}
                  </th>
                  {vals.map((v) => (
                    <td>{v ?? '—'}</td>
                  ))}
                </tr>
              );
            })}
            {metricKeys.length > 0 && (
              <tr class="group">
                <th scope="rowgroup" colSpan={list.length + 1}>
                  Metrics (latest)
                </th>
              </tr>
            )}
            {metricKeys.map((k) => {
              const vals = list.map((r) => metric(r, k));
              const d = differs(vals);
              if (onlyDiff && !d) return null;
              return (
                <tr class={d ? 'differs' : ''} data-key={'m:' + k}>
                  <th scope="row">
                    {k}
                    {d && <span class="sr-only"> (differs)</span>}
                  </th>
                  {vals.map((v) => (
                    <td class="numeric">{v == null ? '—' : num(v)}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2>Scatter</h2>
      <div class="toolbar">
        <label>
          X axis{' '}
          <select value={xChoice} onChange={(e) => setAxis('x', e.currentTarget.value)}>
            {paramKeys.map((k) => (
              <option value={'p:' + k}>param {k}</option>
            ))}
            {metricKeys.map((k) => (
              <option value={'m:' + k}>metric {k}</option>
            ))}
          </select>
        </label>
        <label>
          Y axis{' '}
          <select value={yChoice} onChange={(e) => setAxis('y', e.currentTarget.value)}>
            {metricKeys.map((k) => (
              <option value={'m:' + k}>metric {k}</option>
            ))}
          </select>
        </label>
      </div>
      {points.length > 0 ? <Scatter points={points} xLabel={xChoice.slice(2)} yLabel={yChoice.slice(2)} /> : <p class="muted">No run has both values.</p>}
    </section>
  );
}
