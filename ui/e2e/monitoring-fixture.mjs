// Answers /api/capstan/monitors and /api/capstan/alerts in the browser with JSON in the shapes
// docs/monitoring.md documents, for the monitor pages' browser test while the server's monitors
// API is not there yet (page.route intercepts the calls; nothing else is touched). Values from
// "user data" carry markup that would run if a page used them as HTML.
const XSS = '<img src=x onerror="window.__xss=3">';
const HOUR = 3600_000;
const t0 = Date.parse('2026-12-01T00:00:00Z');
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

const dist = {
  num: (shift) => ({
    labels: ['4 – 5', '5 – 6', '6 – 7', '7 – 8'],
    edges: [4, 5, 6, 7, 8],
    reference: [0.3, 0.4, 0.2, 0.1],
    current: shift ? [0.05, 0.15, 0.4, 0.4] : [0.28, 0.42, 0.2, 0.1],
  }),
  cat: (shift) => ({
    labels: ['setosa', 'versicolor', XSS],
    reference: [0.34, 0.33, 0.33],
    current: shift ? [0.1, 0.2, 0.7] : [0.33, 0.34, 0.33],
  }),
};

function window(i) {
  const start = t0 + i * HOUR;
  const base = { monitor: 'iris-traffic', window_start: iso(start), window_end: iso(start + HOUR), evaluated_at: iso(start + HOUR + 31_000), reference_rows: 150 };
  if (i === 2) return { ...base, status: 'insufficient_data', message: null, rows: 4, dataset_drift: null, drift_share: null, number_of_columns: 0, number_of_drifted_columns: 0, columns: [], quality: null };
  if (i === 3) return { ...base, status: 'error', message: 'The reference could not be read: ' + XSS, rows: 0, dataset_drift: null, drift_share: null, number_of_columns: 0, number_of_drifted_columns: 0, columns: [], quality: null };
  const shift = i >= 4;
  const columns = [
    { column: 'petal_length', column_type: 'num', stattest: 'ks', drift_score: shift ? 0.0004 : 0.41, threshold: 0.05, drift_detected: shift },
    { column: 'species', column_type: 'cat', stattest: 'chisquare', drift_score: shift ? 0.002 : 0.9, threshold: 0.05, drift_detected: shift },
    { column: 'sepal_width', column_type: 'num', stattest: 'ks', drift_score: i === 5 ? 0.01 : 0.6, threshold: 0.05, drift_detected: i === 5 },
  ];
  const drifted = columns.filter((c) => c.drift_detected).length;
  return {
    ...base, status: 'ok', message: null, rows: 180 + i * 10, dataset_drift: drifted / 3 >= 0.5, drift_share: drifted / 3,
    number_of_columns: 3, number_of_drifted_columns: drifted, columns,
    quality: i === 0 || i === 1 ? null : { labelled_rows: 90, accuracy: shift ? 0.71 : 0.95, f1: shift ? 0.66 : 0.94 },
  };
}

export const WINDOWS = [0, 1, 2, 3, 4, 5].map(window);

function detail(w) {
  const shift = w.columns.some((c) => c.drift_detected && c.column === 'species');
  return {
    ...w,
    drift: {
      dataset_drift: !!w.dataset_drift, drift_share: 0.5, number_of_columns: 3, number_of_drifted_columns: w.number_of_drifted_columns,
      share_of_drifted_columns: w.drift_share, reference_rows: 150, current_rows: w.rows,
      columns: w.columns.map((c) => ({
        ...c, reference_count: 150, current_count: w.rows, reference_missing: 0, current_missing: c.column === 'sepal_width' ? 2 : 0,
        distribution: c.column_type === 'cat' ? dist.cat(shift) : dist.num(c.drift_detected),
      })),
      skipped_columns: [{ column: 'comment', column_type: 'text', reason: 'text column ' + XSS }],
    },
  };
}

export const MONITORS = [
  {
    name: 'iris-traffic', source: { deployment: 'iris-live' }, reference: { uri: 'runs:/4f0c/reference/train.csv' },
    feature_names: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], columns: [], window_seconds: 3600, delay_seconds: 30, min_rows: 30,
    drift: { drift_share: 0.5 }, quality: { task: 'classification', prediction: 'label', score: 'probabilities', positive_label: null },
    created_at: iso(t0), updated_at: iso(t0), latest_window: WINDOWS[5],
  },
  {
    name: 'nightly-batch', source: { path: '/data/batch/*.parquet', timestamp_column: 'ts' }, reference: { uri: '/data/train.parquet' },
    columns: ['a', 'b'], window_seconds: 86400, delay_seconds: 30, min_rows: 30, drift: {}, quality: null,
    created_at: iso(t0), updated_at: iso(t0), latest_window: null,
  },
];

export const ALERTS = [
  {
    name: 'iris-drift', monitor: 'iris-traffic', condition: { metric: 'drift_share', op: '>=', value: 0.5 }, for_windows: 2, resolve_windows: 1,
    actions: [{ type: 'webhook', url: 'https://hooks.example.com/capstan', secret: '***' }, { type: 'retrain', command: ['./retrain.sh'], webhook: null }],
    state: 'firing', since: WINDOWS[5].evaluated_at, consecutive_breaching: 2, consecutive_ok: 0,
  },
  {
    name: 'iris-accuracy', monitor: 'iris-traffic', condition: { metric: 'accuracy', op: '<', value: 0.5 }, for_windows: 1, resolve_windows: 1,
    actions: [], state: 'ok', since: null, consecutive_breaching: 0, consecutive_ok: 4,
  },
];

const EVENTS = {
  'iris-drift': [
    { id: 2, rule: 'iris-drift', monitor: 'iris-traffic', kind: 'firing', window_start: WINDOWS[5].window_start, value: 1, created_at: WINDOWS[5].evaluated_at,
      deliveries: [{ action: 0, type: 'webhook', status: 'failed', attempts: 3, last_error: 'connect timed out ' + XSS }, { action: 1, type: 'retrain_command', status: 'delivered', attempts: 1, last_error: null }] },
    { id: 1, rule: 'iris-drift', monitor: 'iris-traffic', kind: 'resolved', window_start: WINDOWS[1].window_start, value: 0, created_at: WINDOWS[1].evaluated_at, deliveries: [] },
  ],
  'iris-accuracy': [],
};

/** Routes the page's monitor and alert calls to the fixtures; counts what it answered. */
export async function serveMonitoring(page) {
  const seen = [];
  const json = (route, status, body) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
  const missing = (route, what) => json(route, 404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `${what} does not exist` });
  await page.route(/\/api\/capstan\/(monitors|alerts)(\/|\?|$)/, (route) => {
    const url = new URL(route.request().url());
    const parts = url.pathname.split('/').slice(3).map(decodeURIComponent); // [monitors|alerts, name, ...]
    seen.push(url.pathname + url.search);
    if (parts[0] === 'alerts') {
      if (!parts[1]) return json(route, 200, { alerts: ALERTS });
      const rule = ALERTS.find((a) => a.name === parts[1]);
      if (!rule) return missing(route, `Alert rule '${parts[1]}'`);
      if (parts[2] === 'events') return json(route, 200, { events: EVENTS[rule.name] });
      return json(route, 200, { alert: rule });
    }
    if (!parts[1]) return json(route, 200, { monitors: MONITORS });
    const m = MONITORS.find((x) => x.name === parts[1]);
    if (!m) return missing(route, `Monitor '${parts[1]}'`);
    const mine = m.name === 'iris-traffic' ? WINDOWS : [];
    if (!parts[2]) return json(route, 200, { monitor: m });
    if (parts[2] === 'windows' && !parts[3]) return json(route, 200, { windows: [...mine].reverse() });
    const w = mine.find((x) => x.window_start === parts[3]);
    if (!w) return missing(route, `Window ${parts[3]} of monitor '${m.name}'`);
    if (parts[4] === 'report.html') return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><h1>Drift report</h1>' });
    return json(route, 200, { window: detail(w) });
  });
  return seen;
}
