// Monitors, windows and alerts: the wire shapes of /api/capstan/monitors and /api/capstan/alerts
// (docs/monitoring.md) and the pure shaping the pages draw (unit-tested in test/unit.test.mjs).

export interface MonitorSource {
  deployment?: string;
  path?: string;
  timestamp_column?: string;
}
export interface QualitySpec {
  task: 'classification' | 'regression' | string;
  prediction?: string;
  score?: string;
  target?: string;
  positive_label?: string;
}
export interface DriftSpec {
  stattest?: string | null;
  num_stattest?: string | null;
  cat_stattest?: string | null;
  per_column_stattest?: Record<string, string>;
  threshold?: number | null;
  num_threshold?: number | null;
  cat_threshold?: number | null;
  per_column_threshold?: Record<string, number>;
  drift_share?: number | null;
  /** Capstan's opt-in extras (docs/drift.md, "Beyond Evidently"); the server writes them all, off by default */
  missing_drift?: boolean | null;
  missing_threshold?: number | null;
  count_missing_drift?: boolean | null;
  correction?: 'bonferroni' | 'holm' | 'bh' | 'by' | string | null;
  effect_sizes?: boolean | null;
}
/** A column's result in a window summary (and, with more fields, in the full drift JSON). */
export interface ColumnScore {
  column: string;
  column_type?: string;
  stattest?: string;
  /** a number, or "Infinity" for the one infinite case (KL divergence of disjoint bins) */
  drift_score?: number | string | null;
  threshold?: number | string | null;
  drift_detected?: boolean;
}
export type Quality = { labelled_rows?: number } & Record<string, number | undefined>;
export interface WindowSummary {
  monitor?: string;
  window_start: string;
  window_end: string;
  status: 'ok' | 'insufficient_data' | 'error' | string;
  message?: string | null;
  rows?: number;
  reference_rows?: number;
  dataset_drift?: boolean | null;
  /** the share of tested columns that drifted, in this window */
  drift_share?: number | null;
  number_of_columns?: number;
  number_of_drifted_columns?: number;
  columns?: ColumnScore[];
  evaluated_at?: string;
  quality?: Quality | null;
}
export interface Distribution {
  labels: string[];
  /** numbers: one edge more than bins; absent for categories */
  edges?: number[];
  lower_edges?: number[];
  upper_edge?: number;
  reference: number[];
  current: number[];
}
/** A column's missing-value drift test (`--missing-drift`): did the share of missing values change? */
export interface MissingDrift {
  stattest?: string;
  p_value?: number;
  threshold?: number;
  drift_detected?: boolean;
  reference_share?: number;
  current_share?: number;
  /** with a multiple-testing correction */
  adjusted_p_value?: number;
  drift_detected_adjusted?: boolean;
}
/** How large a column's change is (`--effect-sizes`): numbers get Cohen's d and shifts, categories Cramér's V. Undefined values are null. */
export interface EffectSize {
  cohens_d?: number | null;
  reference_mean?: number | null;
  current_mean?: number | null;
  mean_shift?: number | null;
  reference_median?: number | null;
  current_median?: number | null;
  median_shift?: number | null;
  reference_std?: number | null;
  current_std?: number | null;
  std_shift?: number | null;
  cramers_v?: number | null;
  largest_share_change?: { value?: string; reference_share?: number | null; current_share?: number | null; change?: number | null };
}
export interface DriftColumn extends ColumnScore {
  reference_count?: number;
  current_count?: number;
  reference_missing?: number;
  current_missing?: number;
  distribution?: Distribution;
  // Capstan's opt-in extras (DriftReportJson): present only when switched on
  /** whether the column counts as drifted in the dataset vote (with a correction or count_missing_drift) */
  counts_as_drifted?: boolean;
  /** the p-value after the multiple-testing correction (p-value tests only) */
  adjusted_drift_score?: number;
  drift_detected_adjusted?: boolean;
  missing_drift?: MissingDrift;
  effect_size?: EffectSize;
  /** sketch mode: the score is an estimate within these bounds (an end may be null) */
  sketch_estimate?: boolean;
  drift_score_bounds?: (number | null)[];
  decision_certain?: boolean;
}
export interface DriftResult {
  dataset_drift?: boolean;
  drift_share?: number;
  number_of_columns?: number;
  number_of_drifted_columns?: number;
  share_of_drifted_columns?: number;
  reference_rows?: number;
  current_rows?: number;
  columns?: DriftColumn[];
  skipped_columns?: { column: string; column_type?: string; reason?: string; missing_drift?: MissingDrift }[];
  multiple_testing?: { method?: string; statsmodels_method?: string; number_of_tests?: number };
  missing_value_drift?: { threshold?: number; counts_toward_dataset_drift?: boolean; number_of_drifted_columns?: number };
}
export interface WindowDetail extends WindowSummary {
  drift?: DriftResult | null;
}
export interface Monitor {
  name: string;
  source: MonitorSource;
  reference?: { uri: string };
  feature_names?: string[];
  columns?: string[];
  window_seconds?: number;
  delay_seconds?: number;
  min_rows?: number;
  drift?: DriftSpec;
  quality?: QualitySpec | null;
  start?: string;
  created_at?: string;
  updated_at?: string;
  latest_window?: WindowSummary | null;
  /** the newest window with status ok (among the newest 1,000), or null */
  latest_tested_window?: WindowSummary | null;
}
export interface AlertCondition {
  metric: string;
  op: string;
  value: number;
}
export interface AlertAction {
  type: 'webhook' | 'retrain' | string;
  url?: string;
  /** a retrain action's command: the name of one the server's operator configured */
  command?: string | null;
  webhook?: string | null;
}
export interface AlertRule {
  name: string;
  monitor: string;
  condition: AlertCondition;
  for_windows?: number;
  resolve_windows?: number;
  actions?: AlertAction[];
  state?: 'ok' | 'firing' | string;
  since?: string | null;
  [counts: string]: unknown;
}
export interface AlertEvent {
  id: string | number;
  rule: string;
  monitor: string;
  kind: 'firing' | 'resolved' | string;
  window_start?: string;
  value?: number | null;
  created_at?: string;
  /** `action` is the action's index in the rule (docs/monitoring.md names it by type); `type` what was delivered */
  deliveries?: { action: string | number; type?: string; status: string; attempts?: number; last_error?: string | null; retrain_request_id?: string | null }[];
}

/** A drift score or threshold as a number: "Infinity" and "-Infinity" as the JSON writes them. */
export function score(v: number | string | null | undefined): number | null {
  if (v == null) return null;
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : null;
}

const t = (iso: string | undefined | null) => (iso ? Date.parse(iso) / 1000 : NaN);

/** Windows oldest first (the API answers newest first), unparseable starts dropped. */
export function chronological<W extends WindowSummary>(windows: W[]): W[] {
  return windows.filter((w) => Number.isFinite(t(w.window_start))).sort((a, b) => t(a.window_start) - t(b.window_start));
}

/** The share of tested columns that drifted: the summary's own, else drifted / tested. */
export function driftShare(w: WindowSummary): number | null {
  if (w.status !== 'ok') return null;
  if (w.drift_share != null) return w.drift_share;
  if (w.number_of_columns) return (w.number_of_drifted_columns ?? 0) / w.number_of_columns;
  return null;
}

/** Quality metric names in a stable order: the known ones first, then any others alphabetically. */
const KNOWN_QUALITY = ['accuracy', 'f1', 'auc', 'rmse', 'mae'];
export function qualityKeys(windows: WindowSummary[]): string[] {
  const keys = new Set<string>();
  for (const w of windows) for (const [k, v] of Object.entries(w.quality ?? {})) if (k !== 'labelled_rows' && typeof v === 'number') keys.add(k);
  return [...keys].sort((a, b) => {
    const ia = KNOWN_QUALITY.indexOf(a), ib = KNOWN_QUALITY.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
}

export function qualityLabel(key: string): string {
  return ({ accuracy: 'accuracy', f1: 'F1', auc: 'ROC AUC', rmse: 'RMSE', mae: 'MAE' } as Record<string, string>)[key] ?? key;
}

export interface MonitorCharts {
  /** window starts, epoch seconds, oldest first */
  xs: number[];
  driftShare: (number | null)[];
  rows: (number | null)[];
  quality: { key: string; values: (number | null)[] }[];
}

export function monitorCharts(windows: WindowSummary[]): MonitorCharts {
  const ws = chronological(windows);
  return {
    xs: ws.map((w) => t(w.window_start)),
    driftShare: ws.map(driftShare),
    rows: ws.map((w) => w.rows ?? null),
    quality: qualityKeys(ws).map((key) => ({ key, values: ws.map((w) => (typeof w.quality?.[key] === 'number' ? (w.quality[key] as number) : null)) })),
  };
}

/** One cell of the per-column heat strip: a column's result in one window, or null where it was not tested. */
export interface HeatCell {
  score: number | null;
  threshold: number | null;
  detected: boolean;
  stattest?: string;
}
export interface HeatStrip {
  /** the windows shown, oldest first (the newest `max` of them) */
  windows: WindowSummary[];
  /** columns, those that drifted most often first, then by name */
  columns: string[];
  cells: (HeatCell | null)[][];
}

/** Per-column drift over windows from the summaries' `columns`; empty when no summary carries them. */
export function heatStrip(windows: WindowSummary[], max = 48): HeatStrip {
  const ws = chronological(windows).slice(-max);
  const drifted = new Map<string, number>();
  for (const w of ws) for (const c of w.columns ?? []) drifted.set(c.column, (drifted.get(c.column) ?? 0) + (c.drift_detected ? 1 : 0));
  const columns = [...drifted.keys()].sort((a, b) => drifted.get(b)! - drifted.get(a)! || a.localeCompare(b));
  const cells = columns.map((col) =>
    ws.map((w) => {
      const c = (w.columns ?? []).find((x) => x.column === col);
      return c ? { score: score(c.drift_score), threshold: score(c.threshold), detected: !!c.drift_detected, stattest: c.stattest } : null;
    }),
  );
  return { windows: ws, columns, cells };
}

/** A plot-ready distribution: bars with a label each, both sides' shares; undefined when malformed. */
export interface Bars {
  numeric: boolean;
  labels: string[];
  reference: number[];
  current: number[];
  /** for numbers: bins+1 edges */
  edges?: number[];
}

export function bars(d: Distribution | undefined | null): Bars | undefined {
  if (!d || !Array.isArray(d.labels) || !Array.isArray(d.reference) || !Array.isArray(d.current)) return undefined;
  const n = d.labels.length;
  if (n === 0 || d.reference.length !== n || d.current.length !== n) return undefined;
  let edges = Array.isArray(d.edges) && d.edges.length === n + 1 ? d.edges : undefined;
  if (!edges && Array.isArray(d.lower_edges) && d.lower_edges.length === n && typeof d.upper_edge === 'number') edges = [...d.lower_edges, d.upper_edge];
  const num = (xs: unknown[]) => xs.map((x) => (typeof x === 'number' && Number.isFinite(x) ? x : 0));
  return { numeric: edges != null, labels: d.labels.map(String), reference: num(d.reference), current: num(d.current), edges };
}

/** Alert rules per monitor: how many, and the firing ones. */
export function alertsByMonitor(rules: AlertRule[]): Map<string, { rules: AlertRule[]; firing: AlertRule[] }> {
  const out = new Map<string, { rules: AlertRule[]; firing: AlertRule[] }>();
  for (const r of [...rules].sort((a, b) => a.name.localeCompare(b.name))) {
    const m = out.get(r.monitor) ?? { rules: [], firing: [] };
    m.rules.push(r);
    if (r.state === 'firing') m.firing.push(r);
    out.set(r.monitor, m);
  }
  return out;
}

const OPS: Record<string, string> = { '>=': '≥', '<=': '≤', '!=': '≠', '==': '=' };

/** "drift_share ≥ 0.5 for 2 windows", "column_drift_score:age < 0.05". */
export function conditionText(r: AlertRule): string {
  const c = r.condition;
  const base = `${c.metric} ${OPS[c.op] ?? c.op} ${c.value}`;
  return r.for_windows && r.for_windows > 1 ? `${base} for ${r.for_windows} windows` : base;
}

/** An alert action in a few words: "webhook https://…", "retrain (command train)", "retrain (for a pipeline to claim)". */
export function actionText(a: AlertAction): string {
  if (a.type === 'webhook') return `webhook ${a.url ?? ''}`.trim();
  if (a.type === 'retrain') {
    const via = [a.command && `command ${a.command}`, a.webhook && `webhook ${a.webhook}`].filter(Boolean);
    return `retrain (${via.length ? via.join(', ') : 'for a pipeline to claim'})`;
  }
  return a.type;
}

/** "1 h", "10 min", "30 s", "2 d" for a window length. */
export function seconds(s: number | undefined): string {
  if (s == null) return '';
  if (s % 86400 === 0) return `${s / 86400} d`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

/** A monitor's drift settings that differ from the defaults, as text: "num ks · cat psi · age wasserstein; threshold 0.1 · age 0.2". */
export function driftSettings(d: DriftSpec | undefined): string {
  if (!d) return '';
  const tests = [
    d.stattest && `all ${d.stattest}`,
    d.num_stattest && `num ${d.num_stattest}`,
    d.cat_stattest && `cat ${d.cat_stattest}`,
    ...Object.entries(d.per_column_stattest ?? {}).sort().map(([c, t]) => `${c} ${t}`),
  ].filter(Boolean);
  const thresholds = [
    d.threshold != null && `all ${d.threshold}`,
    d.num_threshold != null && `num ${d.num_threshold}`,
    d.cat_threshold != null && `cat ${d.cat_threshold}`,
    ...Object.entries(d.per_column_threshold ?? {}).sort().map(([c, t]) => `${c} ${t}`),
  ].filter(Boolean);
  return [tests.length ? 'tests: ' + tests.join(' · ') : '', thresholds.length ? 'thresholds: ' + thresholds.join(' · ') : ''].filter(Boolean).join('; ');
}

/** The window whose results a monitor's row shows: its newest window when that was tested, else its newest tested window. */
export function testedWindow(m: Monitor): WindowSummary | undefined {
  if (m.latest_window?.status === 'ok') return m.latest_window;
  return m.latest_tested_window?.status === 'ok' ? m.latest_tested_window : undefined;
}

/** How to label a window's start in a compact header: seconds for windows under a minute, the day alone for whole days. */
export function shortStart(iso: string, windowSeconds: number | undefined): string {
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`;
  const s = windowSeconds ?? 3600;
  if (s < 60) return `${hm}:${p(d.getSeconds())}`;
  if (s % 86400 === 0) return day;
  return `${day} ${hm}`;
}

const CORRECTIONS: Record<string, string> = { bonferroni: 'Bonferroni', holm: 'Holm', bh: 'Benjamini–Hochberg', by: 'Benjamini–Yekutieli' };

/** A multiple-testing correction's name: "Holm", "Benjamini–Hochberg"; an unknown id as it is. */
export function correctionName(id: string | null | undefined): string {
  return id ? CORRECTIONS[id] ?? id : '';
}

/** The drift extras a monitor switched on, as text, in a fixed order; empty when none is on. */
export function driftExtras(d: DriftSpec | undefined): string[] {
  if (!d) return [];
  const out: string[] = [];
  // the server turns missing-value drift on when either of the others asks for it
  if (d.missing_drift || d.count_missing_drift) {
    const at = d.missing_threshold ?? 0.05;
    out.push(`missing-value drift (p < ${at}${d.count_missing_drift ? ', counts toward dataset drift' : ''})`);
  }
  if (d.correction) out.push(`${correctionName(d.correction)} correction`);
  if (d.effect_sizes) out.push('effect sizes');
  return out;
}

/** Which of the extras a window's columns carry: the window page shows a table column for each. */
export interface ExtraColumns {
  adjusted: boolean;
  missing: boolean;
  effect: boolean;
  counts: boolean;
}
export function extraColumns(columns: DriftColumn[]): ExtraColumns {
  return {
    adjusted: columns.some((c) => c.adjusted_drift_score != null || c.drift_detected_adjusted != null),
    missing: columns.some((c) => c.missing_drift != null),
    effect: columns.some((c) => c.effect_size != null),
    counts: columns.some((c) => c.counts_as_drifted != null),
  };
}

/** A number for a table cell: four significant digits, exponents for the very small, "—" when missing. */
export function short(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  if (v !== 0 && Math.abs(v) < 1e-4) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

const share = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? '—' : String(Number((v * 100).toPrecision(3))) + ' %');
const signed = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? '—' : (v > 0 ? '+' : '') + short(v));

/** The decision a missing-value test counts with: the corrected one when a correction ran. */
export function missingDetected(m: MissingDrift): boolean {
  return m.drift_detected_adjusted ?? !!m.drift_detected;
}

/** "2 % → 7.1 %": the share of missing values in the reference and in the window. */
export function missingShares(m: MissingDrift): string {
  return `${share(m.reference_share)} → ${share(m.current_share)}`;
}

/** "z p = 3.1e-12" and, corrected, "adjusted 1.2e-11". */
export function missingTest(m: MissingDrift): string {
  const p = `${m.stattest ?? 'test'} p = ${short(m.p_value)}`;
  return m.adjusted_p_value != null ? `${p}, adjusted ${short(m.adjusted_p_value)}` : p;
}

/** An effect size in a line: "d = 0.41 · mean 0.01 → 0.42 (+0.41)" for numbers, "V = 0.12 · Paris 40 % → 25 %" for categories. */
export function effectText(e: EffectSize | undefined | null): string {
  if (!e) return '';
  if ('cramers_v' in e || e.largest_share_change) {
    const l = e.largest_share_change;
    const moved = l && l.value != null ? ` · ${l.value} ${share(l.reference_share)} → ${share(l.current_share)}` : '';
    return `V = ${short(e.cramers_v)}${moved}`;
  }
  const mean = e.reference_mean != null || e.current_mean != null ? ` · mean ${short(e.reference_mean)} → ${short(e.current_mean)} (${signed(e.mean_shift)})` : '';
  return `d = ${short(e.cohens_d)}${mean}`;
}

/** Rough reading of an effect size (Cohen): negligible, small, medium, large; '' when undefined. */
export function effectMagnitude(e: EffectSize | undefined | null): string {
  if (!e) return '';
  const cat = 'cramers_v' in e || e.largest_share_change != null;
  const v = cat ? e.cramers_v : e.cohens_d;
  if (v == null || !Number.isFinite(v)) return '';
  const a = Math.abs(v);
  const [s, m, l] = cat ? [0.1, 0.3, 0.5] : [0.2, 0.5, 0.8];
  return a >= l ? 'large' : a >= m ? 'medium' : a >= s ? 'small' : 'negligible';
}

/** A retrain request as GET /api/capstan/retrain-requests answers it (docs/monitoring.md). */
export interface RetrainRequest {
  id: string;
  rule: string;
  monitor: string;
  deployment?: string | null;
  model?: string | null;
  model_version?: string | null;
  reason: string;
  window_start: string;
  status: 'pending' | 'claimed' | 'succeeded' | 'failed' | string;
  created_at?: string;
  updated_at?: string;
  claimed_by?: string | null;
  result?: string | null;
}

export const RETRAIN_STATUSES = ['pending', 'claimed', 'succeeded', 'failed'] as const;

/** How many requests are in each status, every status listed (0 when none). */
export function retrainCounts(requests: RetrainRequest[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(RETRAIN_STATUSES.map((s) => [s, 0]));
  for (const r of requests) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

/** A status from a URL, or undefined for "every status" (an unknown value too). */
export function retrainStatus(value: string | null | undefined): string | undefined {
  return value && (RETRAIN_STATUSES as readonly string[]).includes(value) ? value : undefined;
}
