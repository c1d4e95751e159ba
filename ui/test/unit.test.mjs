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
