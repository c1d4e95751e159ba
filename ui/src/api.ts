// Calls to the server's MLflow REST API under /ajax-api (the prefix MLflow's own UI uses).
const BASE = '/ajax-api/2.0/mlflow';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function parse(res: Response): Promise<any> {
  const text = await res.text();
  let body: any = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { message: text };
  }
  if (!res.ok) throw new ApiError(res.status, body.error_code ?? 'HTTP_' + res.status, body.message ?? res.statusText);
  return body;
}

type Query = Record<string, string | number | boolean | string[] | undefined | null>;

function query(params: Query): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v == null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

export function get<T = any>(path: string, params: Query = {}, signal?: AbortSignal): Promise<T> {
  return fetch(BASE + path + query(params), { signal, headers: { Accept: 'application/json' } }).then(parse);
}

export function post<T = any>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return fetch(BASE + path, {
    method: 'POST',
    signal,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  }).then(parse);
}

/** Capstan's own REST API (deployments, monitors, alerts) under /api/capstan; same error shape. */
export const CAPSTAN = '/api/capstan';

export function capstanGet<T = any>(path: string, params: Query = {}, signal?: AbortSignal): Promise<T> {
  return fetch(CAPSTAN + path + query(params), { signal, headers: { Accept: 'application/json' } }).then(parse);
}

/** One path segment, encoded; ':' stays readable (ISO times in window URLs), it is legal in a segment. */
export function segment(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':');
}

/** The URL of one run artifact's bytes (served as a download, never as active content). */
export function artifactUrl(runId: string, path: string): string {
  return '/get-artifact' + query({ run_id: runId, path });
}

// ---- wire shapes (the subset the UI reads) ----
export interface KV {
  key: string;
  value: string;
}
export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
  run_id?: string;
}
export interface RunInfo {
  run_id: string;
  run_name?: string;
  experiment_id: string;
  status: string;
  start_time?: number;
  end_time?: number;
  user_id?: string;
  artifact_uri?: string;
  lifecycle_stage?: string;
}
export interface DatasetInput {
  tags?: KV[];
  dataset: { name: string; digest: string; source_type?: string; source?: string; schema?: string; profile?: string };
}
export interface Run {
  info: RunInfo;
  data: { metrics?: Metric[]; params?: KV[]; tags?: KV[] };
  inputs?: { dataset_inputs?: DatasetInput[]; model_inputs?: { model_id: string }[] };
  outputs?: { model_outputs?: { model_id: string; step: number }[] };
}
export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: number;
  last_update_time?: number;
  tags?: KV[];
}
export interface FileInfo {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

export function tag(tags: KV[] | undefined, key: string): string | undefined {
  return tags?.find((t) => t.key === key)?.value;
}
