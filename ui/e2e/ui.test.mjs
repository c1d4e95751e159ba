// End-to-end: a real `capstan server` (fresh SQLite and artifact directory), data logged by the
// real `mlflow` Python client (seed.py), pages checked in Debian's headless Chromium driven by
// playwright-core. Screenshots and the first-paint figure go to test-output/ui/.
// Environment: CAPSTAN_VENV (a venv with mlflow), CAPSTAN_TEST_OUTPUT (default ../test-output).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const out = path.resolve(process.env.CAPSTAN_TEST_OUTPUT ?? path.join(repo, 'test-output'), 'ui');
const venv = process.env.CAPSTAN_VENV ?? path.join(repo, '.venv');
const BIG_RUNS = Number(process.env.CAPSTAN_UI_BIG_RUNS ?? 10000);
fs.mkdirSync(out, { recursive: true });

let server, base, browser, seed, bigExperiment, dataDir;
const problems = []; // console errors, page errors and CSP violations seen on any page

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitForHealth(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url + '/health')).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('capstan server did not answer /health in time; see ' + path.join(out, 'server.log'));
}

async function api(pathname, body) {
  const res = await fetch(base + '/api/2.0/mlflow' + pathname, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${pathname}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Capstan's own REST API (deployments, monitors); answers the parsed JSON, throws on a non-2xx. */
async function capstan(method, pathname, body) {
  const res = await fetch(base + '/api/capstan' + pathname, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

/** One OIP v2 inference request of `rows` iris rows to a deployment; answers the body and its X-Request-ID. */
async function infer(name, rows) {
  const res = await fetch(`${base}/v2/models/${name}/infer`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ inputs: [{ name: 'X', shape: [rows.length, 4], datatype: 'FP32', data: rows.flat() }] }),
  });
  if (!res.ok) throw new Error(`infer ${name}: ${res.status} ${await res.text()}`);
  return { ...(await res.json()), requestId: res.headers.get('x-request-id') };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const iso = (epochSeconds) => new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');

/** Polls `probe` every half second until it answers something truthy. */
async function waitFor(probe, what, ms = 90_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    await sleep(500);
  }
  throw new Error('timed out waiting for ' + what);
}

/**
 * Sends one request per row, all inside one monitor window of `seconds` (aligned to the epoch, as
 * monitors align them): waits for a window to begin and, should the requests run past its end on a
 * slow machine, tries again in the next one. Answers the window's start and the request ids.
 */
async function serveInOneWindow(deployment, rows, seconds) {
  for (let attempt = 0; ; attempt++) {
    const now = Date.now() / 1000;
    const start = (Math.floor(now / seconds) + 1) * seconds;
    await sleep((start - now + 0.2) * 1000);
    const ids = [];
    for (const row of rows) ids.push((await infer(deployment, [row])).requestId);
    if (Date.now() / 1000 < start + seconds - 0.2 || attempt === 4) return { start, ids };
  }
}

/** Paints: how many pixels of a canvas are not transparent. */
const painted = (canvas) =>
  canvas.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });

/** 10k runs through the REST API, 16 requests in flight: runs/create then log-batch each. */
async function seedBig(n) {
  const { experiment_id } = await api('/experiments/create', { name: 'ui-e2e-10k' });
  const t0 = Date.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const { run } = await api('/runs/create', { experiment_id, run_name: `bulk-${i}`, start_time: t0 - i * 1000 });
      await api('/runs/log-batch', {
        run_id: run.info.run_id,
        metrics: [
          { key: 'loss', value: 1 / (1 + (i % 97)), timestamp: t0, step: 0 },
          { key: 'auc', value: (i % 89) / 89, timestamp: t0, step: 0 },
        ],
        params: [
          { key: 'lr', value: String([0.1, 0.01, 0.001][i % 3]) },
          { key: 'batch', value: String(32 << i % 4) },
        ],
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return { experiment_id, seconds: (Date.now() - t0) / 1000 };
}

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && problems.push(`${page.url()}: console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`${page.url()}: page error: ${e.message}`));
  return page;
}

const shot = (page, name) => page.screenshot({ path: path.join(out, name + '.png'), fullPage: true });

describe('web UI in headless Chromium', () => {
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capstan-ui-e2e-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const log = fs.openSync(path.join(out, 'server.log'), 'w');
    server = spawn(
      path.join(repo, 'capstan'),
      ['server', '--port', String(port), '--backend-store-uri', `sqlite:///${dataDir}/capstan.db`,
        '--artifacts-destination', path.join(dataDir, 'artifacts'), '--sqlite-synchronous', 'NORMAL',
        // monitors read the deployments' inference log, and CSV files from the data directory
        '--inference-log', path.join(dataDir, 'inference-log'), '--monitor-data-root', dataDir],
      { stdio: ['ignore', log, log], detached: true },
    );
    server.on('exit', (code, signal) => console.log(`capstan server exited: code ${code}, signal ${signal}`));
    await waitForHealth(base, 180_000);
    const t = Date.now();
    const seeded = execFileSync(path.join(venv, 'bin', 'python'), [path.join(here, 'seed.py')], {
      env: { ...process.env, MLFLOW_TRACKING_URI: base, GIT_PYTHON_REFRESH: 'quiet', MLFLOW_ENABLE_ASYNC_LOGGING: 'false', UI_E2E_DATA: dataDir },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 300_000,
    });
    seed = JSON.parse(seeded.trim().split('\n').pop());
    console.log(`seeded with the mlflow client in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    bigExperiment = await seedBig(BIG_RUNS);
    console.log(`seeded ${BIG_RUNS} runs over REST in ${bigExperiment.seconds.toFixed(1)} s`);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        // a fresh, empty user-data-dir: playwright makes one for every non-persistent launch
        '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    if (server) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('the server answers the UI with a strict CSP and keeps the API as it was', async () => {
    const page = await fetch(base + '/experiments/1');
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const missing = await fetch(base + '/api/2.0/mlflow/no/such/route');
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error_code, 'ENDPOINT_NOT_FOUND');
  });

  test('experiments list shows the logged experiments', async () => {
    const page = await newPage();
    await page.goto(base + '/');
    await page.getByRole('link', { name: 'ui-e2e', exact: true }).waitFor();
    await page.getByRole('link', { name: 'ui-e2e-10k' }).waitFor();
    await shot(page, '01-experiments');
    await page.getByLabel('Name contains').fill('10K');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/name=10K/);
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 1);
    await page.getByRole('link', { name: 'ui-e2e-10k' }).waitFor();
    await page.close();
  });

  test('runs table: runs appear, nested runs fold under their parent, keyboard opens a run', async () => {
    const page = await newPage();
    await page.goto(`${base}/experiments/${seed.experiment_id}`);
    const parentRow = page.locator(`tr[data-run-id="${seed.parent}"]`);
    await parentRow.waitFor();
    await page.locator(`tr[data-run-id="${seed.artifact_run}"]`).waitFor();
    // children folded: not rendered until the parent is unfolded
    assert.equal(await page.locator(`tr[data-run-id="${seed.children[0]}"]`).count(), 0);
    await parentRow.getByRole('button', { name: /Unfold 3 child runs/ }).click();
    for (const id of seed.children) await page.locator(`tr[data-run-id="${id}"]`).waitFor();
    // metric and param columns chosen by default
    await page.getByRole('columnheader', { name: /loss/ }).waitFor();
    await page.getByRole('columnheader', { name: /param lr/ }).waitFor();
    await shot(page, '02-runs');
    // keyboard: Tab from the filter reaches the table once (through the sort buttons), arrows move
    await page.getByLabel('Filter').focus();
    let presses = 0;
    while (presses++ < 30 && !(await page.evaluate(() => document.activeElement?.matches('tr[data-index]')))) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.index), '0');
    await page.keyboard.press('ArrowDown');
    // the next row takes focus on the next animation frame (after it is scrolled into the window)
    await page.waitForFunction(() => document.activeElement?.dataset.index === '1', null, { timeout: 5000 });
    // Enter on the parent row opens it
    await parentRow.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/runs/${seed.parent}`);
    await page.getByRole('heading', { level: 1, name: /sweep-parent/ }).waitFor();
    await page.close();
  });

  test('filter with the search grammar, sort by a column, choose columns; bad filters show the server message', async () => {
    const page = await newPage();
    await page.goto(`${base}/experiments/${seed.experiment_id}`);
    await page.locator(`tr[data-run-id="${seed.parent}"]`).waitFor();
    await page.getByLabel('Filter').fill("params.optimizer = 'sgd'");
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/filter=/);
    await page.waitForFunction(() => document.querySelectorAll('tr[data-run-id]').length === 1);
    assert.equal(await page.locator(`tr[data-run-id="${seed.artifact_run}"]`).count(), 1);
    // shareable: reloading the URL gives the same table
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('tr[data-run-id]').length === 1);
    // a metric filter that keeps the children (nested, unfolded by the server's order)
    await page.getByLabel('Filter').fill('metrics.loss < 0.2');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tr[data-run-id]').length >= 2);
    // sort the children (top-level rows here: their parent does not match) by loss, both ways
    await page.getByLabel('Filter').fill("attributes.run_name LIKE 'child-%'");
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tr[data-run-id]').length === 3);
    await page.getByRole('button', { name: 'loss', exact: true }).click();
    await page.waitForURL(/order=metrics/);
    const firstDesc = await page.locator('tr[data-run-id]').first().getAttribute('data-run-id');
    await page.getByRole('button', { name: 'loss', exact: true }).click();
    await page.waitForURL(/ASC/);
    await page.waitForFunction((id) => document.querySelector('tr[data-run-id]')?.getAttribute('data-run-id') !== id, firstDesc);
    // column chooser adds the accuracy metric... it is there by default; remove it and it goes
    await page.getByText(/^Columns/).click();
    await page.getByRole('checkbox', { name: 'accuracy' }).uncheck();
    await page.waitForURL(/cols=/);
    assert.equal(await page.getByRole('columnheader', { name: /accuracy/ }).count(), 0);
    // a bad filter shows MLflow's message
    await page.getByLabel('Filter').fill('metrics.loss <<< 1');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('alert').waitFor();
    await page.close();
  });

  test('run detail: params, metric charts with data, description, tags, datasets, model, artifact previews', async () => {
    const page = await newPage();
    await page.goto(`${base}/runs/${seed.artifact_run}`);
    await page.getByRole('heading', { level: 1, name: /artifact-run/ }).waitFor();
    // params including the hostile value, shown as text
    await page.getByRole('cell', { name: 'sgd' }).waitFor();
    await page.getByText('<img src=x onerror="window.__xss=1">').first().waitFor();
    // a chart with 40 points drawn on a canvas
    const chart = page.locator('figure.chart[data-points="40"]');
    await chart.waitFor();
    assert.ok((await chart.locator('canvas').count()) >= 1);
    const painted = await chart.locator('canvas').first().evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    assert.ok(painted > 100, `chart canvas has ${painted} painted pixels`);
    // dataset and logged model
    await page.getByRole('cell', { name: 'train-set' }).waitFor();
    await page.getByRole('cell', { name: seed.model_id }).waitFor();
    await page.getByRole('link', { name: `${seed.model_name} v1` }).waitFor();
    // artifacts: image, text, JSON, CSV, and an HTML file shown as text
    await page.getByRole('button', { name: /plots/ }).click();
    await page.getByRole('button', { name: 'gradient.png' }).click();
    await page.waitForURL(/artifact=plots/);
    const img = page.locator('img.artifact-image');
    await img.waitFor();
    await page.waitForFunction(() => document.querySelector('img.artifact-image')?.naturalWidth === 64);
    await shot(page, '03-run-image');
    await page.getByRole('button', { name: 'config.json' }).click();
    await page.locator('pre.code', { hasText: '"layers": [' }).waitFor();
    await page.getByRole('button', { name: /^data/ }).click();
    await page.getByRole('button', { name: 'table.csv' }).click();
    await page.getByRole('cell', { name: 'b, quoted' }).waitFor();
    await page.getByRole('button', { name: /^notes/ }).click();
    await page.getByRole('button', { name: 'readme.txt' }).click();
    await page.locator('pre.code', { hasText: 'hello from the ui test' }).waitFor();
    await page.getByRole('button', { name: 'evil.html' }).click();
    await page.locator('pre.code', { hasText: '<script>window.__xss=2</script>' }).waitFor();
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no user content ran');
    assert.equal(await page.locator('main script, main iframe, main object').count(), 0);
    await shot(page, '04-run');
    // the parent's description from mlflow.note.content
    await page.goto(`${base}/runs/${seed.parent}`);
    await page.locator('p.note', { hasText: 'Sweep over learning rates.' }).waitFor();
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    await page.close();
  });

  test('compare: overlaid curves, a diff table and a scatter of a param against a metric', async () => {
    const page = await newPage();
    await page.goto(`${base}/experiments/${seed.experiment_id}`);
    const parentRow = page.locator(`tr[data-run-id="${seed.parent}"]`);
    await parentRow.getByRole('button', { name: /Unfold/ }).click();
    for (const id of seed.children) {
      await page.locator(`tr[data-run-id="${id}"] input[type=checkbox]`).check();
    }
    await page.getByRole('link', { name: 'Compare 3 selected' }).click();
    await page.waitForURL(/\/compare\?runs=/);
    const loss = page.locator('figure.chart', { hasText: 'loss' }).first();
    await loss.waitFor();
    assert.equal(await loss.getAttribute('data-points'), String(3 * 60));
    // the legend lists the three runs
    for (const lr of ['0.1', '0.03', '0.01']) await page.locator('ul.legend').getByRole('link', { name: `child-lr-${lr}` }).waitFor();
    // diff table: lr and layers differ, optimizer does not
    assert.equal(await page.locator('tr.differs[data-key="p:lr"]').count(), 1);
    assert.equal(await page.locator('tr.differs[data-key="p:optimizer"]').count(), 0);
    await page.getByLabel('Only rows that differ').check();
    assert.equal(await page.locator('tr[data-key="p:optimizer"]').count(), 0);
    // scatter: lr against loss, one dot per run
    await page.getByLabel('X axis').selectOption('p:lr');
    await page.getByLabel('Y axis').selectOption('m:loss');
    await page.locator('svg.scatter[data-points="3"]').waitFor();
    assert.equal(await page.locator('svg.scatter circle').count(), 3);
    await shot(page, '05-compare');
    await page.close();
  });

  test('registry: the model list, the model with its alias, the version linked to its run and dataset', async () => {
    const page = await newPage();
    await page.goto(`${base}/models`);
    await page.getByRole('link', { name: seed.model_name }).click();
    await page.waitForURL(`**/models/${seed.model_name}`);
    await page.getByText('@champion → v1').waitFor();
    await page.getByRole('rowheader', { name: 'owner' }).waitFor();
    await shot(page, '06-model');
    await page.getByRole('link', { name: 'Version 1' }).click();
    await page.getByRole('heading', { name: 'Lineage' }).waitFor();
    await page.getByText('Dataset train-set').waitFor();
    await shot(page, '07-model-version');
    await page.getByRole('link', { name: 'artifact-run' }).first().click();
    await page.waitForURL(`**/runs/${seed.artifact_run}`);
    await page.goto(`${base}/models`);
    await page.getByText('@champion → v1').waitFor();
    await shot(page, '08-models');
    await page.close();
  });

  test('deployments: the list, a canary with a shadow (weights, live charts, events, polling), a rolled-back canary, links to the registry and back', async () => {
    const model = seed.serving_model;
    // 80/20 with a shadow; limits no request breaks; 1 s windows so the charts fill quickly
    await capstan('POST', '/deployments', {
      name: 'iris-live', model, traffic: [{ version: '1', weight: 80 }, { version: '2', weight: 20 }], shadow_version: '3',
      rollback: { max_error_rate: 1, max_p99_ms: 60000, window_seconds: 1, consecutive_windows: 3, min_requests: 1 },
    });
    // no real request is this fast: the canary breaches in every window and is rolled back
    await capstan('POST', '/deployments', {
      name: 'iris-rollback', model, traffic: [{ version: '1', weight: 50 }, { version: '2', weight: 50 }],
      rollback: { max_error_rate: 0.5, max_p99_ms: 0.0001, window_seconds: 1, consecutive_windows: 2, min_requests: 3 },
    });
    const until = Date.now() + 60_000;
    let iris, rolled;
    do {
      const t = Date.now();
      while (Date.now() - t < 1000) await Promise.all([infer('iris-live', seed.iris_rows), infer('iris-rollback', seed.iris_rows.slice(0, 2))]);
      iris = (await capstan('GET', '/deployments/iris-live')).deployment;
      rolled = (await capstan('GET', '/deployments/iris-rollback')).deployment;
      const windowsWithBoth = new Set(iris.windows.filter((w) => w.version === '2' && w.requests > 0).map((w) => w.end.slice(0, 19)));
      const shadowed = iris.windows.some((w) => w.version === '3' && w.shadow_disagreements > 0);
      if (windowsWithBoth.size >= 3 && shadowed && rolled.events.some((e) => e.type === 'rolled_back')) break;
    } while (Date.now() < until);
    assert.ok(rolled.events.some((e) => e.type === 'rolled_back'), JSON.stringify(rolled.events));

    const page = await newPage();
    await page.goto(`${base}/deployments`);
    const row = page.locator('tr[data-deployment="iris-live"]');
    await row.waitFor();
    assert.equal((await row.locator('td.traffic').textContent()).trim(), 'v1 80% · v2 20%');
    await row.getByRole('cell', { name: 'v3', exact: true }).waitFor();
    await page.locator('tr[data-deployment="iris-rollback"] td.traffic', { hasText: 'v1 100% · v2 0%' }).waitFor();
    await page.locator('tr[data-deployment="iris-rollback"] .ev-rolled_back').waitFor();
    await shot(page, '10-deployments');

    // the detail page: weights as a bar, charts drawn from the windows, events
    await row.getByRole('link', { name: 'iris-live' }).click();
    await page.waitForURL('**/deployments/iris-live');
    await page.locator('.weight-seg[data-version="1"][data-weight="80"]').waitFor();
    await page.locator('.weight-seg[data-version="2"][data-weight="20"]').waitFor();
    assert.match(await page.getByRole('img', { name: /Traffic weights in force/ }).getAttribute('aria-label'), /version 1 80%, version 2 20%/);
    await page.locator('tr[data-version="3"]').getByText('shadow').waitFor();
    for (const title of ['p99 latency per version', 'Requests per window', 'Error rate per version', 'Shadow disagreement rate']) {
      const chart = page.locator('figure.chart', { hasText: title });
      await chart.waitFor();
      assert.ok(Number(await chart.getAttribute('data-points')) >= 3, `${title}: ${await chart.getAttribute('data-points')} points`);
      const pixels = await painted(chart.locator('canvas').first());
      assert.ok(pixels > 100, `${title}: ${pixels} painted pixels`);
    }
    // the shadow disagrees with the primary (version 3 is regularised hard)
    assert.notEqual((await page.locator('tr[data-version="3"] td').last().textContent()).trim(), '—');
    await page.locator('ol.events li[data-type="created"]').waitFor();
    await shot(page, '11-deployment');

    // it polls while visible: the page reloads the deployment every few seconds...
    const calls = [];
    page.on('request', (r) => r.url().includes('/api/capstan/deployments/iris-live') && calls.push(Date.now()));
    const before = await page.locator('[data-updated]').getAttribute('data-updated');
    await page.waitForFunction((b) => document.querySelector('[data-updated]')?.getAttribute('data-updated') !== b, before, { timeout: 15_000 });
    // ...and stops while the tab is hidden
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForTimeout(300);
    const hiddenAt = calls.length;
    await page.waitForTimeout(7000);
    assert.equal(calls.length, hiddenAt, 'no reload while hidden');
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const deadline = Date.now() + 5000;
    while (calls.length === hiddenAt && Date.now() < deadline) await page.waitForTimeout(100);
    assert.ok(calls.length > hiddenAt, 'reloads once visible again');

    // a version links to its registry page, which says which deployments serve it, and back
    await page.locator('tr[data-version="2"]').getByRole('link', { name: 'Version 2' }).click();
    await page.waitForURL(`**/models/${model}/versions/2`);
    await page.getByRole('heading', { name: 'Deployments' }).waitFor();
    const served = page.locator('ul.served-by li', { hasText: 'iris-live' });
    await served.getByText('canary: 20 % of traffic').waitFor();
    await page.locator('ul.served-by li', { hasText: 'iris-rollback' }).getByText('canary: 0 % of traffic').waitFor();
    await shot(page, '12-model-version-deployments');
    await served.getByRole('link', { name: 'iris-live' }).click();
    await page.waitForURL('**/deployments/iris-live');
    await page.goto(`${base}/models/${model}`);
    await page.locator('ul.served-by li', { hasText: 'iris-live' }).getByText('v1 80% · v2 20%').waitFor();
    await page.goto(`${base}/models/${model}/versions/3`);
    await page.locator('ul.served-by li', { hasText: 'iris-live' }).getByText(/shadow/).waitFor();

    // the rolled-back canary: all traffic on v1, the rollback event says why
    await page.goto(`${base}/deployments/iris-rollback`);
    await page.locator('.weight-seg[data-version="1"][data-weight="100"]').waitFor();
    assert.equal(await page.locator('.weight-seg[data-version="2"]').count(), 0);
    await page.locator('ol.events li[data-type="rolled_back"]', { hasText: 'v2 dropped from 50% to 0%' }).waitFor();
    await shot(page, '13-deployment-rolled-back');
    await page.close();
  });

  test('monitors: a monitor over the deployment drifts, fires an alert and gets quality from late labels; a dataset monitor; their pages', async () => {
    const hooks = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        hooks.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
    const page = await newPage();
    try {
      const WINDOW = 10;
      await capstan('POST', '/monitors', {
        name: 'iris-traffic', source: { deployment: 'iris-live' }, reference: { uri: seed.reference_uri }, feature_names: seed.features,
        window_seconds: WINDOW, delay_seconds: 1, min_rows: 20, quality: { task: 'classification', prediction: 'label', score: 'probabilities' },
      });
      await capstan('POST', '/alerts', {
        name: 'iris-drift', monitor: 'iris-traffic', condition: { metric: 'dataset_drift', op: '==', value: 1 }, for_windows: 1,
        // and a retrain request for a pipeline to claim (the retrain-requests test completes it)
        actions: [{ type: 'webhook', url: `http://127.0.0.1:${receiver.address().port}/hook`, secret: 'hook-secret' }, { type: 'retrain' }],
      });
      await capstan('POST', '/alerts', { name: 'iris-accuracy', monitor: 'iris-traffic', condition: { metric: 'accuracy', op: '<', value: 0.5 } });
      // a window of traffic like the training data, then a shifted one
      const normal = await serveInOneWindow('iris-live', seed.normal_rows, WINDOW);
      const shifted = await serveInOneWindow('iris-live', seed.shifted_rows, WINDOW);
      const windowOf = (start) => capstan('GET', `/monitors/iris-traffic/windows/${iso(start)}`).then((r) => r.window);
      const w1 = await waitFor(() => windowOf(normal.start), 'the normal window');
      const w2 = await waitFor(() => windowOf(shifted.start), 'the shifted window');
      assert.equal(w1.rows, 40);
      assert.equal(w1.dataset_drift, false, JSON.stringify(w1));
      assert.equal(w2.dataset_drift, true, JSON.stringify(w2));
      // late ground truth for the normal window's requests
      await capstan('POST', '/ground-truth', { deployment: 'iris-live', labels: normal.ids.map((request_id, i) => ({ request_id, label: seed.normal_labels[i] })) });
      await waitFor(() => windowOf(normal.start).then((w) => w.quality), "the normal window's quality");
      const delivered = await waitFor(
        () => capstan('GET', '/alerts/iris-drift/events').then((r) => r.events.find((e) => e.kind === 'firing' && e.deliveries.some((d) => d.status === 'delivered'))),
        'the firing event delivered',
      );
      assert.equal(delivered.window_start, iso(shifted.start));
      assert.ok(hooks.length >= 1 && !hooks[0].includes('hook-secret'));

      // a dataset monitor over four past hours (the third too small to test, the fourth shifted)
      await capstan('POST', '/monitors', {
        name: 'iris-batch', source: { path: seed.batch_path, timestamp_column: 'ts' }, reference: { uri: seed.batch_reference },
        columns: [...seed.features, 'segment'], window_seconds: 3600, start: seed.batch_start, min_rows: 30,
        quality: { task: 'classification', prediction: 'pred', target: 'target' },
      });
      await capstan('POST', '/alerts', { name: 'batch-drift', monitor: 'iris-batch', condition: { metric: 'drift_share', op: '>=', value: 0.5 }, for_windows: 1 });
      const batch = (await capstan('POST', '/monitors/iris-batch/evaluate', {})).windows;
      assert.deepEqual(batch.slice(0, 4).map((w) => w.status), ['ok', 'ok', 'insufficient_data', 'ok']);
      const batchStarts = batch.slice(0, 4).map((w) => w.window_start);

      // the list: source, latest window, alert state
      await page.goto(`${base}/monitors`);
      const row = page.locator('tr[data-monitor="iris-traffic"]');
      await row.getByRole('link', { name: 'iris-live' }).waitFor();
      await row.getByText('firing: iris-drift').waitFor();
      // its newest window is likely empty by now (no traffic since): the results are the last tested window's
      await row.locator('.badge.drift').waitFor();
      const batchRow = page.locator('tr[data-monitor="iris-batch"]');
      await batchRow.getByText(seed.batch_path).waitFor();
      await batchRow.locator('.badge.drift').waitFor();
      await batchRow.getByText(/accuracy \d/).waitFor();
      await waitFor(() => batchRow.getByText('firing: batch-drift').isVisible().then((v) => v || page.reload().then(() => false)), 'batch-drift firing in the list', 30_000);
      await shot(page, '14-monitors');

      // the deployment monitor's page: trends, heat strip, windows, rules and events
      await row.getByRole('link', { name: 'iris-traffic' }).click();
      await page.waitForURL('**/monitors/iris-traffic');
      for (const title of ['Drift share', 'Quality', 'Rows per window']) {
        const chart = page.locator('figure.chart', { hasText: title });
        await chart.waitFor();
        assert.ok((await painted(chart.locator('canvas').first())) > 100, `${title} is drawn`);
      }
      for (const col of ['sepal_length', 'sepal_width', 'petal_length']) await page.locator(`table.heat tr[data-column="${col}"] td.hs-drift`).first().waitFor();
      await page.locator(`tr[data-window="${iso(shifted.start)}"] .badge.drift`).waitFor();
      await page.locator(`tr[data-window="${iso(normal.start)}"]`).getByText(/accuracy \d/).waitFor();
      await page.locator('tr[data-rule="iris-drift"] .badge.firing').waitFor();
      await page.locator('tr[data-rule="iris-drift"]').getByText('dataset_drift = 1').waitFor();
      await page.locator('tr[data-rule="iris-drift"]').getByText('retrain (for a pipeline to claim)').waitFor();
      await page.locator('tr[data-rule="iris-accuracy"] .badge.ok').waitFor();
      await page.locator('ol.events li[data-kind="firing"]', { hasText: 'webhook delivered' }).waitFor();
      await shot(page, '15-monitor');

      // the shifted window: per-column results and both distributions, and its HTML report
      await page.locator(`tr[data-window="${iso(shifted.start)}"] a`).click();
      await page.waitForURL(`**/monitors/iris-traffic/windows/${iso(shifted.start)}`);
      const cols = page.locator('table[aria-label="Drift per column"] tbody tr');
      await cols.first().waitFor();
      assert.deepEqual((await cols.evaluateAll((rows) => rows.map((r) => r.dataset.column))).sort(), [...seed.features, 'label'].sort());
      await page.locator('tr[data-column="sepal_length"] .badge.drift').waitFor();
      for (const col of seed.features) {
        const fig = page.locator(`section.dist-box[data-column="${col}"] figure.dist`);
        const bins = Number(await fig.getAttribute('data-bins'));
        assert.ok(bins >= 1);
        assert.equal(await fig.locator('svg rect.bar-ref').count(), bins);
        assert.equal(await fig.locator('svg rect.bar-cur').count(), bins);
      }
      await page.getByRole('link', { name: 'sepal_length' }).click();
      await page.waitForURL(/#col-sepal_length$/);
      await shot(page, '16-monitor-window');
      const report = page.getByRole('link', { name: 'HTML report of this window' });
      const reportRes = await fetch(new URL(await report.getAttribute('href'), base));
      assert.equal(reportRes.status, 200);
      assert.match(reportRes.headers.get('content-security-policy'), /sandbox/);
      assert.match(await reportRes.text(), /sepal_length/);

      // the deployment's page names the monitor that watches it
      await page.goto(`${base}/deployments/iris-live`);
      await page.locator('section[aria-labelledby="monitors-h"]').getByRole('link', { name: 'iris-traffic' }).click();
      await page.waitForURL('**/monitors/iris-traffic');

      // the dataset monitor: a window too small to test, a categorical column whose values are markup
      await page.goto(`${base}/monitors/iris-batch`);
      await page.locator(`tr[data-window="${batchStarts[2]}"] .badge.st-insufficient_data`).waitFor();
      await page.locator('table.heat tr[data-column="segment"]').waitFor();
      assert.equal(await page.locator(`table.heat tbody td.hs-none`).count(), 5, 'the small window has no results for its five columns');
      await page.locator('tr[data-rule="batch-drift"] .badge.firing').waitFor();
      await shot(page, '17-monitor-dataset');
      // no drift extras asked for: no correction, no effect sizes shown. (Missing-value drift follows what the API
      // says: a monitor read back from SQLite comes with missing_drift on, since its stored spec carries missing_threshold.)
      const batchSpec = (await capstan('GET', '/monitors/iris-batch')).monitor.drift;
      assert.equal(batchSpec.correction, null);
      assert.equal(batchSpec.effect_sizes, false);
      assert.equal(await page.getByText('Drift extras').count(), batchSpec.missing_drift ? 1 : 0);
      assert.equal(await page.getByText(/correction|effect sizes/).count(), 0);
      await page.goto(`${base}/monitors/iris-batch/windows/${batchStarts[3]}`);
      await page.locator('tr[data-column="segment"] .badge.drift').waitFor();
      await page.locator('section.dist-box[data-column="segment"] details summary').click();
      await page.locator('section.dist-box[data-column="segment"]').getByRole('rowheader', { name: seed.xss }).waitFor();
      assert.equal(await page.evaluate(() => window.__xss), undefined, 'no user content ran');
      for (const head of ['Adjusted p-value', 'After correction', 'Counts as drifted', 'Effect size'])
        assert.equal(await page.getByRole('columnheader', { name: new RegExp(head) }).count(), 0, `no ${head} column without the extras`);
      assert.equal(await page.getByRole('columnheader', { name: /Missing share/ }).count(), batchSpec.missing_drift ? 1 : 0);
      assert.equal(await page.getByText('Multiple testing').count(), 0);
      await shot(page, '18-monitor-dataset-window');
      await page.goto(`${base}/monitors/iris-batch/windows/${batchStarts[2]}`);
      await page.getByText('Not tested: insufficient data.').waitFor();
    } finally {
      await page.close();
      receiver.close();
    }
  });

  test('drift extras: a monitor with missing-value drift, a Holm correction and effect sizes shows them on its page and its window', async () => {
    const page = await newPage();
    try {
      await capstan('POST', '/monitors', {
        name: 'iris-batch-extras', source: { path: seed.batch_extras_path, timestamp_column: 'ts' }, reference: { uri: seed.batch_reference },
        columns: [...seed.features, 'segment'], window_seconds: 3600, start: seed.batch_start, min_rows: 30,
        drift: { missing_drift: true, correction: 'holm', effect_sizes: true },
      });
      // a rule whose action records a retrain request (of a dataset monitor: no deployment, no model)
      await capstan('POST', '/alerts', {
        name: 'extras-retrain', monitor: 'iris-batch-extras', condition: { metric: 'drift_share', op: '>=', value: 0.5 }, for_windows: 1, actions: [{ type: 'retrain' }],
      });
      const windows = (await capstan('POST', '/monitors/iris-batch-extras/evaluate', {})).windows;
      assert.deepEqual(windows.slice(0, 4).map((w) => w.status), ['ok', 'ok', 'insufficient_data', 'ok']);
      const shifted = windows[3].window_start;
      const detail = (await capstan('GET', `/monitors/iris-batch-extras/windows/${shifted}`)).window.drift;
      assert.equal(detail.multiple_testing.method, 'holm');
      const pw = detail.columns.find((c) => c.column === 'petal_width');
      assert.equal(pw.missing_drift.drift_detected_adjusted, true, JSON.stringify(pw.missing_drift));

      await page.goto(`${base}/monitors/iris-batch-extras`);
      await page.locator('dd.drift-extras', { hasText: 'missing-value drift (p < 0.05) · Holm correction · effect sizes' }).waitFor();
      await shot(page, '19-monitor-extras');

      await page.goto(`${base}/monitors/iris-batch-extras/windows/${shifted}`);
      await page.locator('dd.multiple-testing', { hasText: `Holm correction over ${detail.multiple_testing.number_of_tests} p-values` }).waitFor();
      await page.locator('dd.missing-value-drift', { hasText: '1 column changed its share of missing values (p < 0.05); this does not count toward dataset drift' }).waitFor();
      await page.getByRole('columnheader', { name: 'Adjusted p-value (Holm)' }).waitFor();
      const row = (col) => page.locator(`table[aria-label="Drift per column"] tr[data-column="${col}"]`);
      // the adjusted p-value next to the drift score, and the corrected decision
      const sl = detail.columns.find((c) => c.column === 'sepal_length');
      assert.ok(sl.adjusted_drift_score >= sl.drift_score);
      await row('sepal_length').locator('td.corrected .badge.drift').waitFor();
      assert.notEqual((await row('sepal_length').locator('td.adjusted').textContent()).trim(), '—');
      // 40 % of petal_width missing in the window, none in the reference
      await row('petal_width').locator('td.missing', { hasText: '0 % → 40 %' }).locator('.badge.drift').waitFor();
      await row('sepal_width').locator('td.missing', { hasText: '0 % → 0 %' }).locator('.badge.ok').waitFor();
      // effect sizes: Cohen's d for numbers, Cramér's V and the most-moved category (markup, as text) for categories
      await row('sepal_length').locator('td.effect', { hasText: /^d = \d/ }).waitFor();
      await row('segment').locator('td.effect', { hasText: 'V = ' }).getByText(seed.xss, { exact: false }).waitFor();
      assert.equal(await page.evaluate(() => window.__xss), undefined, 'no user content ran');
      await shot(page, '20-monitor-window-extras');
    } finally {
      await page.close();
    }
  });

  test('a window with status error: the dataset behind a monitor is deleted; the list, monitor and window pages show the status and the message', async () => {
    const page = await newPage();
    try {
      // a file name that is markup: the error message quotes it
      const gone = path.join(dataDir, 'gone <img src=x onerror="window.__xss=3">.csv');
      fs.copyFileSync(seed.batch_path, gone);
      // the first window closes at least 10 s from now: the file is gone before anyone reads it
      const WINDOW = 10;
      const start = Math.floor(Date.now() / 1000 / WINDOW) * WINDOW;
      await capstan('POST', '/monitors', {
        name: 'iris-gone', source: { path: gone, timestamp_column: 'ts' }, reference: { uri: seed.batch_reference },
        columns: seed.features, window_seconds: WINDOW, delay_seconds: 1, start: iso(start), min_rows: 1,
      });
      fs.rmSync(gone);
      await sleep(Math.max(0, (start + WINDOW + 0.5) * 1000 - Date.now()));
      await capstan('POST', '/monitors/iris-gone/evaluate', { window_start: iso(start) });
      const w = (await capstan('GET', `/monitors/iris-gone/windows/${iso(start)}`)).window;
      assert.equal(w.status, 'error', JSON.stringify(w));
      assert.ok(w.message, 'the window says why');

      await page.goto(`${base}/monitors`);
      const row = page.locator('tr[data-monitor="iris-gone"]');
      await row.locator('.badge.st-error').first().waitFor();
      await row.getByText(w.message, { exact: true }).waitFor();
      await row.locator('td.last-tested', { hasText: 'none' }).waitFor();
      await shot(page, '21-monitors-error');

      await row.getByRole('link', { name: 'iris-gone' }).click();
      await page.waitForURL('**/monitors/iris-gone');
      const wrow = page.locator(`tr[data-window="${iso(start)}"]`);
      await wrow.locator('.badge.st-error').waitFor();
      await wrow.getByText(w.message, { exact: true }).waitFor();
      await page.getByText('No window has been tested yet').waitFor();
      await shot(page, '22-monitor-error');

      await wrow.getByRole('link').click();
      await page.waitForURL(`**/monitors/iris-gone/windows/${iso(start)}`);
      await page.locator('dl.facts .badge.st-error').waitFor();
      await page.locator('dl.facts').getByText(w.message, { exact: true }).waitFor();
      await page.getByText('Not tested: error.').waitFor();
      // an untested window has no HTML report: no dead link
      assert.equal(await page.getByRole('link', { name: 'HTML report of this window' }).count(), 0);
      await page.getByText('none: the window was not tested').waitFor();
      assert.equal(await page.evaluate(() => window.__xss), undefined, 'no user content ran');
      await shot(page, '23-monitor-error-window');
    } finally {
      await page.close();
    }
  });

  test('retrain requests: the page lists them with their model, reason, window, worker and result, filters by status; the monitor page shows its own', async () => {
    const pending = await waitFor(
      () => capstan('GET', '/retrain-requests?status=pending').then((r) => r.retrain_requests.length >= 2 && r.retrain_requests),
      'the retrain requests of iris-drift and extras-retrain',
    );
    const served = pending.find((r) => r.monitor === 'iris-traffic');
    const batch = pending.find((r) => r.monitor === 'iris-batch-extras');
    assert.ok(served && batch, JSON.stringify(pending));
    assert.equal(served.model, seed.serving_model);
    assert.equal(served.model_version, '1'); // the version with most of iris-live's traffic
    // a pipeline claims the deployment's request and reports back (markup in its name and output: text)
    const worker = 'pipeline <b>1</b>';
    await capstan('POST', `/retrain-requests/${served.id}/claim`, { worker });
    await capstan('POST', `/retrain-requests/${served.id}/complete`, { status: 'succeeded', result: 'registered version 4\n' + seed.xss });

    const page = await newPage();
    try {
      await page.goto(`${base}/monitors`);
      await page.getByRole('link', { name: 'Retrain requests' }).click();
      await page.waitForURL('**/retrain-requests');
      const done = page.locator(`tr[data-retrain="${served.id}"]`);
      await done.locator('.badge.rr-succeeded').waitFor();
      await done.getByRole('link', { name: `${seed.serving_model} v1` }).waitFor();
      await done.getByRole('link', { name: 'iris-live' }).waitFor();
      await done.getByText(served.reason, { exact: true }).waitFor();
      await done.getByRole('link', { name: 'iris-traffic' }).waitFor();
      await done.getByText(worker, { exact: true }).waitFor();
      await done.locator('details.result summary', { hasText: 'registered version 4' }).click();
      await done.locator('details.result pre', { hasText: seed.xss }).waitFor();
      const open = page.locator(`tr[data-retrain="${batch.id}"]`);
      await open.locator('.badge.rr-pending').waitFor();
      assert.equal((await open.locator('td').nth(1).textContent()).trim(), '—', 'a dataset monitor has no model');
      assert.equal(await page.evaluate(() => window.__xss), undefined, 'no user content ran');
      await shot(page, '24-retrain-requests');

      // the filter is reachable from the keyboard (Tab from the breadcrumb) and kept in the URL (shareable)
      await page.locator('nav.crumbs a').focus();
      let presses = 0;
      while (presses++ < 10 && !(await page.evaluate(() => document.activeElement?.tagName === 'SELECT'))) await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => document.activeElement?.matches('form[role=search] label select')), 'Tab reaches the status filter');
      await page.getByLabel('Status').selectOption('pending');
      await page.waitForURL(/status=pending/);
      await open.waitFor();
      await page.waitForFunction(() => document.querySelectorAll('tr[data-retrain]').length >= 1 && !document.querySelector('tr[data-status="succeeded"]'));
      await page.reload();
      await open.waitFor();
      assert.equal(await page.locator('tr[data-status="succeeded"]').count(), 0);
      assert.equal(await page.getByLabel('Status').inputValue(), 'pending');

      // the window link leads to the window that fired the rule
      await open.getByRole('link', { name: /\d{4}-\d\d-\d\d/ }).click();
      await page.waitForURL(`**/monitors/iris-batch-extras/windows/${batch.window_start}`);

      // the monitor page's alert section lists its own requests only
      await page.goto(`${base}/monitors/iris-traffic`);
      const mine = page.locator('table[aria-label="Retrain requests of this monitor, newest first"]');
      await mine.locator(`tr[data-retrain="${served.id}"] .badge.rr-succeeded`).waitFor();
      assert.equal(await mine.locator(`tr[data-retrain="${batch.id}"]`).count(), 0);
      await page.locator('section[aria-labelledby="alerts-h"]').screenshot({ path: path.join(out, '25-monitor-retrain.png') });
    } finally {
      await page.close();
    }
  });

  test(`first meaningful paint of a ${BIG_RUNS}-run experiment, and scrolling pages in more runs`, async () => {
    const figures = [];
    for (let i = 0; i < 3; i++) {
      const page = await newPage();
      await page.goto(`${base}/experiments/${bigExperiment.experiment_id}`);
      await page.locator('tr[data-run-id]').first().waitFor();
      await page.waitForFunction(() => performance.getEntriesByName('capstan:runs-table').length > 0);
      figures.push(
        await page.evaluate(() => ({
          runsTable: performance.getEntriesByName('capstan:runs-table')[0].startTime,
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
        })),
      );
      if (i < 2) await page.close();
      else {
        await shot(page, '09-runs-10k');
        // scroll to the end of what is loaded, three times: more pages arrive, the DOM stays small
        for (let k = 0; k < 3; k++) {
          await page.locator('.scroller').evaluate((el) => (el.scrollTop = el.scrollHeight));
          await page.waitForTimeout(300);
        }
        await page.waitForFunction(() => Number(document.querySelector('table.runs').dataset.loaded) >= 2100);
        const rendered = await page.locator('tr[data-run-id]').count();
        assert.ok(rendered < 150, `${rendered} rows in the DOM`);
        await page.close();
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const report = {
      runs: BIG_RUNS,
      runs_table_ms: figures.map((f) => Math.round(f.runsTable)),
      first_contentful_paint_ms: figures.map((f) => Math.round(f.fcp ?? -1)),
      median_runs_table_ms: Math.round(median(figures.map((f) => f.runsTable))),
    };
    fs.writeFileSync(path.join(out, 'first-paint.json'), JSON.stringify(report, null, 2) + '\n');
    console.log(`first meaningful paint (runs table rendered, from navigation start) with ${BIG_RUNS} runs: ` +
      `median ${report.median_runs_table_ms} ms, runs ${report.runs_table_ms.join(', ')} ms; FCP ${report.first_contentful_paint_ms.join(', ')} ms`);
  });

  test('no console errors, page errors or CSP violations on any page', () => {
    fs.writeFileSync(path.join(out, 'browser-problems.txt'), problems.join('\n') + '\n');
    // a failed fetch for a deliberately bad filter logs a 400; everything else is a problem
    const real = problems.filter((p) => !/status of 400/.test(p));
    assert.deepEqual(real, []);
  });
});
