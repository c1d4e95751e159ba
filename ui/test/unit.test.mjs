// Unit tests of the UI's pure helpers: esbuild (Vite's own) turns the TypeScript into a module.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
async function load(file) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'capstan-ui-unit-')), path.basename(file, '.ts') + '.mjs');
  buildSync({ entryPoints: [path.join(src, file)], bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'error' });
  return import(out);
}
const { parseCsv } = await load('csv.ts');
const { fromMlflowHash } = await load('links.ts');
const dep = await load('deployments.ts');
const mon = await load('monitoring.ts');

describe('UI helpers', () => {
  test('CSV: quoted separators, doubled quotes, newlines inside quotes, CRLF, no final newline', () => {
    assert.deepEqual(parseCsv('a,b\r\n1,"x, y"\n2,"say ""hi"""\n3,"two\nlines"'), [
      ['a', 'b'],
      ['1', 'x, y'],
      ['2', 'say "hi"'],
      ['3', 'two\nlines'],
    ]);
  });

  test('CSV: empty fields, TSV and the row cap', () => {
    assert.deepEqual(parseCsv('a,,c\n,,\n'), [['a', '', 'c'], ['', '', '']]);
    assert.deepEqual(parseCsv('a\tb\n1\t2\n', '\t'), [['a', 'b'], ['1', '2']]);
    assert.equal(parseCsv('x\n'.repeat(1000), ',', 10).length, 10);
    assert.deepEqual(parseCsv(''), []);
  });

  test("MLflow's hash links map to this UI's pages", () => {
    assert.equal(fromMlflowHash('#/experiments/3/runs/abc123'), '/runs/abc123');
    assert.equal(fromMlflowHash('#/experiments/3'), '/experiments/3');
    assert.equal(fromMlflowHash('#/models/churn/versions/2'), '/models/churn/versions/2');
    assert.equal(fromMlflowHash('#/compare-runs?runs=["a","b"]&experiments=["1"]'), '/compare?runs=a%2Cb');
    assert.equal(fromMlflowHash('#/compare-runs?runs=not-json'), '/compare');
    assert.equal(fromMlflowHash('#metrics'), undefined);
    assert.equal(fromMlflowHash(''), undefined);
  });
});

// rows as the server writes them: one per version at each close, microseconds apart
const row = (end, version, over = {}) => ({
  end, version, weight: 0, requests: 0, errors: 0, error_rate: 0, p99_ms: 0,
  shadow_requests: 0, shadow_disagreements: 0, shadow_errors: 0, shadow_disagreement_rate: 0, ...over,
});
const canary = {
  spec: { name: 'iris', model: 'iris', traffic: [{ version: '1', weight: 80 }, { version: '2', weight: 20 }], shadow_version: '3', rollback: { window_seconds: 1 } },
  weights: [{ version: '1', weight: 80 }, { version: '2', weight: 20 }],
  shadow_version: '3',
  windows: [
    row('2026-01-01T10:00:01.000001Z', '1', { weight: 80, requests: 8, errors: 1, p99_ms: 4 }),
    row('2026-01-01T10:00:01.000020Z', '2', { weight: 20, requests: 2, p99_ms: 6 }),
    row('2026-01-01T10:00:01.000031Z', '3', { shadow_requests: 10, shadow_disagreements: 5 }),
    // the next window: only v1 had traffic, the shadow got nothing
    row('2026-01-01T10:00:02.000003Z', '1', { weight: 80, requests: 4, p99_ms: 3 }),
  ],
  events: [{ time: '2026-01-01T10:00:00Z', type: 'created', message: 'created' }],
};

describe('deployment data shaping', () => {
  test('rows of one close are one window; a later close starts the next', () => {
    const groups = dep.groupWindows(canary.windows, 1);
    assert.equal(groups.length, 2);
    assert.deepEqual([...groups[0].rows.keys()], ['1', '2', '3']);
    assert.deepEqual([...groups[1].rows.keys()], ['1']);
    assert.equal(groups[1].end - groups[0].end, 1); // Date.parse keeps milliseconds
  });

  test('a version seen twice within the tolerance starts a new window (two closes close together)', () => {
    const groups = dep.groupWindows([row('2026-01-01T10:00:01Z', '1'), row('2026-01-01T10:00:01.2Z', '1')], 1);
    assert.equal(groups.length, 2);
  });

  test('rows arriving out of order are sorted; unparseable ends are dropped', () => {
    const groups = dep.groupWindows([row('2026-01-01T10:00:05Z', '1'), row('bad', '1'), row('2026-01-01T10:00:00Z', '1')], 5);
    assert.deepEqual(groups.map((g) => g.end), [Date.parse('2026-01-01T10:00:00Z') / 1000, Date.parse('2026-01-01T10:00:05Z') / 1000]);
  });

  test('chart series: requests 0 where a version had no row, latency and rates null, the shadow on its own line', () => {
    const c = dep.charts(canary);
    assert.equal(c.xs.length, 2);
    assert.deepEqual(c.requests.map((s) => [s.label, s.values]), [['v1', [8, 4]], ['v2', [2, 0]]]);
    assert.deepEqual(c.p99.map((s) => s.values), [[4, 3], [6, null]]);
    assert.deepEqual(c.errorRate[0].values, [0.125, 0]);
    assert.deepEqual(c.disagreement.map((s) => [s.label, s.values]), [['shadow v3', [0.5, null]]]);
  });

  test('versions, roles, summaries and the routing line', () => {
    assert.deepEqual(dep.versionsOf(canary), ['1', '2', '3']);
    assert.deepEqual(['1', '2', '3', '9'].map((v) => dep.roleOf(canary, v)), ['baseline', 'canary', 'shadow', 'retired']);
    const s = dep.summaries(canary);
    assert.equal(s.get('1').requests, 12);
    assert.equal(s.get('1').latest.p99_ms, 3);
    assert.equal(s.get('3').shadowDisagreements, 5);
    assert.equal(dep.routing(canary), 'v1 80% · v2 20%');
    const alias = { ...canary, spec: { name: 'a', model: 'iris', alias: 'champion' }, weights: [{ version: '4', weight: 100 }], shadow_version: undefined, windows: [] };
    assert.equal(dep.routing(alias), '@champion → v4');
    assert.equal(dep.roleOf(alias, '4'), 'alias');
    assert.equal(dep.windowSeconds(alias), 10);
    assert.deepEqual(dep.lastWindow(canary), { end: Date.parse('2026-01-01T10:00:02.000003Z') / 1000, requests: 4, p99: 3 });
    assert.equal(dep.lastWindow(alias), undefined);
  });

  test('which deployments serve a version, and how', () => {
    const other = { ...canary, spec: { ...canary.spec, name: 'a-other', model: 'other' } };
    const rolled = { ...canary, spec: { ...canary.spec, name: 'b-rolled' }, weights: [{ version: '1', weight: 100 }, { version: '2', weight: 0 }], shadow_version: undefined };
    rolled.spec = { ...rolled.spec, shadow_version: undefined };
    const list = [rolled, other, canary];
    assert.deepEqual(dep.servingVersion(list, 'iris', '2'), [{ name: 'b-rolled', role: 'canary', weight: 0 }, { name: 'iris', role: 'canary', weight: 20 }]);
    assert.deepEqual(dep.servingVersion(list, 'iris', '3'), [{ name: 'iris', role: 'shadow', weight: 0 }]);
    assert.deepEqual(dep.servingVersion(list, 'iris', '7'), []);
  });
});

// window summaries as GET /api/capstan/monitors/{name}/windows answers them: newest first
const win = (start, over = {}) => ({
  window_start: start, window_end: start.replace('T10', 'T11'), status: 'ok', rows: 100, reference_rows: 150,
  dataset_drift: false, drift_share: 0, number_of_columns: 2, number_of_drifted_columns: 0, quality: null, columns: [], ...over,
});
const windows = [
  win('2026-12-03T10:00:00Z', {
    dataset_drift: true, drift_share: 1, number_of_drifted_columns: 2, quality: { labelled_rows: 50, f1: 0.8, accuracy: 0.9, brier: 0.1 },
    columns: [
      { column: 'b', column_type: 'cat', stattest: 'chisquare', drift_score: 0.001, threshold: 0.05, drift_detected: true },
      { column: 'a', column_type: 'num', stattest: 'kl_div', drift_score: 'Infinity', threshold: 0.1, drift_detected: true },
    ],
  }),
  win('2026-12-02T10:00:00Z', { status: 'insufficient_data', rows: 3, dataset_drift: null, drift_share: null, number_of_columns: 0 }),
  win('2026-12-01T10:00:00Z', {
    drift_share: 0.5, number_of_drifted_columns: 1, quality: { labelled_rows: 20, accuracy: 0.95 },
    columns: [
      { column: 'a', column_type: 'num', stattest: 'ks', drift_score: 0.2, threshold: 0.05, drift_detected: false },
      { column: 'b', column_type: 'cat', stattest: 'chisquare', drift_score: 0.01, threshold: 0.05, drift_detected: true },
    ],
  }),
];

describe('monitor data shaping', () => {
  test('scores: numbers, the "Infinity" strings, junk', () => {
    assert.equal(mon.score(0.5), 0.5);
    assert.equal(mon.score('Infinity'), Infinity);
    assert.equal(mon.score('-Infinity'), -Infinity);
    assert.equal(mon.score('0.25'), 0.25);
    assert.equal(mon.score(''), null);
    assert.equal(mon.score('abc'), null);
    assert.equal(mon.score(null), null);
  });

  test('charts run oldest first; a window without enough rows is a gap, quality only where ground truth came', () => {
    const c = mon.monitorCharts(windows);
    assert.deepEqual(c.xs, ['2026-12-01', '2026-12-02', '2026-12-03'].map((d) => Date.parse(d + 'T10:00:00Z') / 1000));
    assert.deepEqual(c.driftShare, [0.5, null, 1]);
    assert.deepEqual(c.rows, [100, 3, 100]);
    // known metrics first in their order, then others by name
    assert.deepEqual(c.quality.map((q) => q.key), ['accuracy', 'f1', 'brier']);
    assert.deepEqual(c.quality[0].values, [0.95, null, 0.9]);
    assert.deepEqual(c.quality[1].values, [null, null, 0.8]);
  });

  test('drift share falls back to drifted / tested columns when the summary has none', () => {
    assert.equal(mon.driftShare(win('2026-12-01T10:00:00Z', { drift_share: null, number_of_columns: 4, number_of_drifted_columns: 3 })), 0.75);
    assert.equal(mon.driftShare(win('2026-12-01T10:00:00Z', { status: 'error' })), null);
  });

  test('heat strip: columns that drift most often first, a window without results is not tested, the newest N windows', () => {
    const h = mon.heatStrip(windows);
    assert.deepEqual(h.columns, ['b', 'a']);
    assert.deepEqual(h.windows.map((w) => w.window_start.slice(0, 10)), ['2026-12-01', '2026-12-02', '2026-12-03']);
    assert.deepEqual(h.cells[0].map((c) => c && c.detected), [true, null, true]);
    assert.deepEqual(h.cells[1][2], { score: Infinity, threshold: 0.1, detected: true, stattest: 'kl_div' });
    assert.equal(mon.heatStrip(windows, 2).windows.length, 2);
    assert.deepEqual(mon.heatStrip([win('2026-12-01T10:00:00Z', { columns: undefined })]).columns, []);
  });

  test('distributions: numeric bins with edges (either form), categories, malformed ones refused', () => {
    assert.deepEqual(mon.bars({ labels: ['0 – 1', '1 – 2'], edges: [0, 1, 2], reference: [0.5, 0.5], current: [0.25, 0.75] }), {
      numeric: true, labels: ['0 – 1', '1 – 2'], reference: [0.5, 0.5], current: [0.25, 0.75], edges: [0, 1, 2],
    });
    assert.deepEqual(mon.bars({ labels: ['a'], lower_edges: [0], upper_edge: 1, reference: [1], current: [1] }).edges, [0, 1]);
    const cats = mon.bars({ labels: ['x', 'y', 'other (3 values)'], reference: [0.5, 0.25, 0.25], current: [0.1, null, 0.9] });
    assert.equal(cats.numeric, false);
    assert.deepEqual(cats.current, [0.1, 0, 0.9]);
    assert.equal(mon.bars({ labels: ['a', 'b'], reference: [1], current: [1, 0] }), undefined);
    assert.equal(mon.bars({ labels: [], reference: [], current: [] }), undefined);
    assert.equal(mon.bars(undefined), undefined);
  });

  test('alert rules per monitor, conditions as text, window lengths', () => {
    const rules = [
      { name: 'z', monitor: 'm1', condition: { metric: 'drift_share', op: '>=', value: 0.5 }, for_windows: 2, state: 'firing' },
      { name: 'a', monitor: 'm1', condition: { metric: 'accuracy', op: '<', value: 0.8 }, state: 'ok' },
      { name: 'b', monitor: 'm2', condition: { metric: 'column_drift_score:age', op: '!=', value: 0 }, for_windows: 1 },
    ];
    const by = mon.alertsByMonitor(rules);
    assert.deepEqual(by.get('m1').rules.map((r) => r.name), ['a', 'z']);
    assert.deepEqual(by.get('m1').firing.map((r) => r.name), ['z']);
    assert.equal(by.get('m2').firing.length, 0);
    assert.equal(mon.conditionText(rules[0]), 'drift_share ≥ 0.5 for 2 windows');
    assert.equal(mon.conditionText(rules[2]), 'column_drift_score:age ≠ 0');
    assert.deepEqual([3600, 600, 45, 172800].map(mon.seconds), ['1 h', '10 min', '45 s', '2 d']);
  });

  test("a monitor's tested window: its newest when ok, else latest_tested_window, else none; compact window labels by window length", () => {
    const m = (latest, tested) => ({ name: 'm', source: { deployment: 'd' }, latest_window: latest, latest_tested_window: tested });
    assert.equal(mon.testedWindow(m(windows[0], windows[0])), windows[0]);
    assert.equal(mon.testedWindow(m(windows[1], windows[2])), windows[2]);
    assert.equal(mon.testedWindow(m(windows[1], null)), undefined);
    assert.equal(mon.testedWindow(m(null, null)), undefined);
    // an older server without the field
    assert.equal(mon.testedWindow({ name: 'm', source: {}, latest_window: windows[1] }), undefined);
    assert.equal(mon.testedWindow(m(win('2026-12-04T10:00:00Z', { status: 'error', message: 'File gone' }), windows[0])), windows[0]);
    const local = new Date(2026, 11, 1, 10, 5, 7).toISOString(); // labels are in the browser's time zone
    assert.equal(mon.shortStart(local, 10), '10:05:07');
    assert.equal(mon.shortStart(local, 3600), '12-01 10:05');
    assert.equal(mon.shortStart(local, 86400), '12-01');
    assert.equal(mon.shortStart('junk', 60), 'junk');
  });

  test('drift settings that differ from the defaults, as text', () => {
    assert.equal(mon.driftSettings({ stattest: null, num_stattest: 'ks', cat_stattest: null, per_column_stattest: { b: 'psi', a: 'TVD' }, threshold: null, num_threshold: 0.1, per_column_threshold: { a: 0.2 }, drift_share: 0.5 }),
      'tests: num ks · a TVD · b psi; thresholds: num 0.1 · a 0.2');
    assert.equal(mon.driftSettings({ stattest: null, per_column_stattest: {}, per_column_threshold: {}, drift_share: 0.5 }), '');
    assert.equal(mon.driftSettings(undefined), '');
  });

  test('drift extras a monitor switched on, as text; none when off', () => {
    const off = { drift_share: 0.5, missing_drift: false, missing_threshold: 0.05, count_missing_drift: false, correction: null, effect_sizes: false };
    assert.deepEqual(mon.driftExtras(off), []);
    assert.deepEqual(mon.driftExtras(undefined), []);
    assert.deepEqual(mon.driftExtras({ ...off, missing_drift: true, correction: 'holm', effect_sizes: true }), [
      'missing-value drift (p < 0.05)', 'Holm correction', 'effect sizes',
    ]);
    // count_missing_drift implies missing-value drift (as the server reads it)
    assert.deepEqual(mon.driftExtras({ ...off, count_missing_drift: true, missing_threshold: 0.01 }), ['missing-value drift (p < 0.01, counts toward dataset drift)']);
    assert.deepEqual(mon.driftExtras({ correction: 'bh' }), ['Benjamini–Hochberg correction']);
    assert.deepEqual(['bonferroni', 'by', 'fdr_tsbh', null].map(mon.correctionName), ['Bonferroni', 'Benjamini–Yekutieli', 'fdr_tsbh', '']);
    // the drift settings text ignores the extras
    assert.equal(mon.driftSettings({ ...off, missing_drift: true, per_column_stattest: {}, per_column_threshold: {} }), '');
  });

  test("a window's drift extras: which table columns to show, missing-value shares and tests, effect sizes", () => {
    const plain = [{ column: 'a', stattest: 'ks', drift_score: 0.2, threshold: 0.05, drift_detected: false }];
    assert.deepEqual(mon.extraColumns(plain), { adjusted: false, missing: false, effect: false, counts: false });
    // as DriftReportJson writes them with --missing-drift --correction holm --effect-sizes
    const age = {
      column: 'age', column_type: 'num', stattest: 'ks', drift_score: 0.02, threshold: 0.05, drift_detected: true,
      counts_as_drifted: false, adjusted_drift_score: 0.06, drift_detected_adjusted: false,
      missing_drift: { stattest: 'fisher_exact', p_value: 3.1e-12, threshold: 0.05, drift_detected: true, reference_share: 0.02, current_share: 0.0714, adjusted_p_value: 1.24e-11, drift_detected_adjusted: true },
      effect_size: { cohens_d: 0.4137, reference_mean: 0.01, current_mean: 0.42, mean_shift: 0.41, reference_median: 0, current_median: 0.4, median_shift: 0.4, reference_std: 1, current_std: 1.1, std_shift: 0.1 },
    };
    const city = {
      column: 'city', column_type: 'cat', stattest: 'wasserstein', drift_score: 0.3, threshold: 0.1, drift_detected: true, counts_as_drifted: true,
      effect_size: { cramers_v: 0.12, largest_share_change: { value: '<b>Paris</b>', reference_share: 0.4, current_share: 0.25, change: -0.15 } },
    };
    assert.deepEqual(mon.extraColumns([...plain, age, city]), { adjusted: true, missing: true, effect: true, counts: true });
    assert.equal(mon.missingShares(age.missing_drift), '2 % → 7.14 %');
    assert.equal(mon.missingTest(age.missing_drift), 'fisher_exact p = 3.10e-12, adjusted 1.24e-11');
    assert.equal(mon.missingTest({ stattest: 'z', p_value: 1 }), 'z p = 1');
    assert.equal(mon.missingDetected(age.missing_drift), true);
    assert.equal(mon.missingDetected({ drift_detected: true, drift_detected_adjusted: false }), false);
    assert.equal(mon.missingDetected({ drift_detected: false }), false);
    assert.equal(mon.effectText(age.effect_size), 'd = 0.4137 · mean 0.01 → 0.42 (+0.41)');
    assert.equal(mon.effectText(city.effect_size), 'V = 0.12 · <b>Paris</b> 40 % → 25 %');
    assert.equal(mon.effectText({ cohens_d: null, reference_mean: 1, current_mean: 1, mean_shift: 0 }), 'd = — · mean 1 → 1 (0)');
    assert.equal(mon.effectText({ cramers_v: 0, largest_share_change: { value: 'x', reference_share: 1, current_share: 1, change: 0 } }), 'V = 0 · x 100 % → 100 %');
    assert.equal(mon.effectText(undefined), '');
    assert.deepEqual([age, city].map((c) => mon.effectMagnitude(c.effect_size)), ['small', 'small']);
    assert.equal(mon.effectMagnitude({ cohens_d: -0.9 }), 'large');
    assert.equal(mon.effectMagnitude({ cohens_d: null }), '');
    assert.equal(mon.effectMagnitude({ cramers_v: 0.05, largest_share_change: {} }), 'negligible');
    assert.deepEqual([0.5, 0, 1.23456e-7, null, Infinity].map(mon.short), ['0.5', '0', '1.23e-7', '—', '—']);
  });

  test('alert actions as text; retrain requests counted per status, statuses from a URL', () => {
    assert.equal(mon.actionText({ type: 'webhook', url: 'https://hooks.example.com/x', secret: '***' }), 'webhook https://hooks.example.com/x');
    assert.equal(mon.actionText({ type: 'retrain', command: 'train', webhook: null }), 'retrain (command train)');
    assert.equal(mon.actionText({ type: 'retrain', command: null, webhook: null }), 'retrain (for a pipeline to claim)');
    const rr = (id, status) => ({ id, rule: 'r', monitor: 'm', reason: 'x', window_start: '2026-12-01T10:00:00Z', status });
    assert.deepEqual(mon.retrainCounts([rr('1', 'pending'), rr('2', 'failed'), rr('3', 'pending')]), { pending: 2, claimed: 0, succeeded: 0, failed: 1 });
    assert.deepEqual(mon.retrainCounts([]), { pending: 0, claimed: 0, succeeded: 0, failed: 0 });
    assert.deepEqual(['pending', 'succeeded', '', null, 'bogus'].map(mon.retrainStatus), ['pending', 'succeeded', undefined, undefined, undefined]);
  });
});
