// Deployments: the wire shapes of /api/capstan/deployments and the pure shaping the pages chart
// (unit-tested in test/unit.test.mjs; no DOM, no framework here).

export interface Split {
  version: string;
  weight: number;
}
export interface RollbackPolicy {
  max_error_rate?: number;
  max_p99_ms?: number;
  window_seconds?: number;
  consecutive_windows?: number;
  min_requests?: number;
}
export interface DeploymentSpec {
  name: string;
  model: string;
  alias?: string;
  traffic?: Split[];
  shadow_version?: string;
  sticky_header?: string;
  rollback?: RollbackPolicy;
}
/** One version's statistics in one closed window (a version without requests in a window has no row). */
export interface DeploymentWindow {
  end: string;
  version: string;
  weight: number;
  requests: number;
  errors: number;
  error_rate: number;
  p99_ms: number;
  shadow_requests: number;
  shadow_disagreements: number;
  shadow_errors: number;
  shadow_disagreement_rate: number;
}
export interface DeploymentEvent {
  time: string;
  type: string;
  message: string;
}
export interface Deployment {
  spec: DeploymentSpec;
  weights: Split[];
  shadow_version?: string;
  windows: DeploymentWindow[];
  events: DeploymentEvent[];
}

/** The server closes windows every 10 s unless the rollback policy says otherwise. */
export const DEFAULT_WINDOW_SECONDS = 10;

export function windowSeconds(d: Deployment): number {
  const s = d.spec.rollback?.window_seconds;
  return s && s > 0 ? s : DEFAULT_WINDOW_SECONDS;
}

/** Windows closed together, one row per version that had traffic (or shadow copies) in it. */
export interface WindowGroup {
  /** When the window closed, epoch seconds (the earliest row's end). */
  end: number;
  rows: Map<string, DeploymentWindow>;
}

/**
 * Groups the per-version rows into windows: the server writes one row per version at each close,
 * stamped a few microseconds apart, so rows whose ends lie within a quarter window of the group's
 * first row (and name a version not yet in it) belong to the same close. Oldest first.
 */
export function groupWindows(windows: DeploymentWindow[], seconds: number): WindowGroup[] {
  const tolerance = Math.max(0.001, seconds / 4);
  const rows = windows
    .map((w) => ({ w, t: Date.parse(w.end) / 1000 }))
    .filter((x) => Number.isFinite(x.t))
    .sort((a, b) => a.t - b.t);
  const groups: WindowGroup[] = [];
  for (const { w, t } of rows) {
    const last = groups[groups.length - 1];
    if (last && t - last.end <= tolerance && !last.rows.has(w.version)) last.rows.set(w.version, w);
    else groups.push({ end: t, rows: new Map([[w.version, w]]) });
  }
  return groups;
}

/** Versions in a deployment, in a stable order: those with weights first (baseline first), then the shadow, then others seen in windows. */
export function versionsOf(d: Deployment): string[] {
  const out: string[] = [];
  const add = (v: string | undefined) => v != null && !out.includes(v) && out.push(v);
  d.weights.forEach((s) => add(s.version));
  (d.spec.traffic ?? []).forEach((s) => add(s.version));
  add(d.shadow_version ?? d.spec.shadow_version);
  [...d.windows].sort((a, b) => Number(a.version) - Number(b.version)).forEach((w) => add(w.version));
  return out;
}

export interface Series {
  label: string;
  version: string;
  values: (number | null)[];
}

/** The charts of a deployment page: one x value per window (epoch seconds) and per-version lines. */
export interface DeploymentCharts {
  xs: number[];
  /** requests answered per window, 0 for a version without a row in a window */
  requests: Series[];
  /** p99 latency in ms; null where a version had no requests */
  p99: Series[];
  /** server errors per request; null where a version had no requests */
  errorRate: Series[];
  /** the shadow's disagreements per copy; null where it ran no copy */
  disagreement: Series[];
}

export function charts(d: Deployment): DeploymentCharts {
  const groups = groupWindows(d.windows, windowSeconds(d));
  const shadow = d.shadow_version ?? d.spec.shadow_version;
  const versions = versionsOf(d);
  const line = (label: (v: string) => string, pick: (w: DeploymentWindow | undefined) => number | null, include: (v: string) => boolean) =>
    versions.filter(include).map((v) => ({ label: label(v), version: v, values: groups.map((g) => pick(g.rows.get(v))) }));
  const served = (v: string) => groups.some((g) => (g.rows.get(v)?.requests ?? 0) > 0);
  const shadowed = (v: string) => v === shadow || groups.some((g) => (g.rows.get(v)?.shadow_requests ?? 0) > 0);
  return {
    xs: groups.map((g) => g.end),
    requests: line((v) => `v${v}`, (w) => w?.requests ?? 0, served),
    p99: line((v) => `v${v}`, (w) => (w && w.requests > 0 ? w.p99_ms : null), served),
    errorRate: line((v) => `v${v}`, (w) => (w && w.requests > 0 ? w.errors / w.requests : null), served),
    disagreement: line(
      (v) => `shadow v${v}`,
      (w) => (w && w.shadow_requests > 0 ? w.shadow_disagreements / w.shadow_requests : null),
      shadowed,
    ),
  };
}

/** A version's totals over the windows the server keeps, and its newest window with traffic. */
export interface VersionSummary {
  version: string;
  requests: number;
  errors: number;
  shadowRequests: number;
  shadowDisagreements: number;
  shadowErrors: number;
  latest?: DeploymentWindow;
}

export function summaries(d: Deployment): Map<string, VersionSummary> {
  const out = new Map<string, VersionSummary>();
  for (const v of versionsOf(d)) out.set(v, { version: v, requests: 0, errors: 0, shadowRequests: 0, shadowDisagreements: 0, shadowErrors: 0 });
  const sorted = [...d.windows].sort((a, b) => Date.parse(a.end) - Date.parse(b.end));
  for (const w of sorted) {
    const s = out.get(w.version)!;
    s.requests += w.requests;
    s.errors += w.errors;
    s.shadowRequests += w.shadow_requests;
    s.shadowDisagreements += w.shadow_disagreements;
    s.shadowErrors += w.shadow_errors;
    if (w.requests > 0 || w.shadow_requests > 0) s.latest = w;
  }
  return out;
}

/** What a version does in a deployment: a share of the traffic, a shadow, or nothing any more. */
export type Role = 'baseline' | 'canary' | 'alias' | 'shadow' | 'retired';

export function roleOf(d: Deployment, version: string): Role {
  if ((d.shadow_version ?? d.spec.shadow_version) === version) return 'shadow';
  const i = d.weights.findIndex((s) => s.version === version);
  if (i < 0) return 'retired';
  if (d.spec.alias) return 'alias';
  return i === 0 ? 'baseline' : 'canary';
}

/** "v1 80% · v2 20%", or "@champion → v3" for a deployment that follows an alias. */
export function routing(d: Deployment): string {
  if (d.spec.alias) return `@${d.spec.alias} → ${d.weights.map((s) => 'v' + s.version).join(', ') || '(not resolved yet)'}`;
  return d.weights.map((s) => `v${s.version} ${s.weight}%`).join(' · ');
}

/** The deployments that serve a registered model's version, and how. */
export function servingVersion(list: Deployment[], model: string, version: string): { name: string; role: Role; weight: number }[] {
  return list
    .filter((d) => d.spec.model === model)
    .map((d) => ({ name: d.spec.name, role: roleOf(d, version), weight: d.weights.find((s) => s.version === version)?.weight ?? 0 }))
    .filter((x) => x.role !== 'retired')
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The newest closed window over all versions: when it closed, requests answered, the worst p99 among versions with requests. */
export function lastWindow(d: Deployment): { end: number; requests: number; p99: number | null } | undefined {
  const groups = groupWindows(d.windows, windowSeconds(d));
  const g = groups[groups.length - 1];
  if (!g) return undefined;
  const rows = [...g.rows.values()];
  const served = rows.filter((w) => w.requests > 0);
  return {
    end: g.end,
    requests: rows.reduce((n, w) => n + w.requests, 0),
    p99: served.length ? Math.max(...served.map((w) => w.p99_ms)) : null,
  };
}
