// A file browser over an artifact listing, with previews that never execute content: images go in
// <img>, everything else is fetched as text and rendered as text nodes (JSON pretty-printed, CSV
// as a table). Nothing is ever handed to innerHTML, an iframe or an object element.
import { useEffect, useState } from 'preact/hooks';
import type { FileInfo } from '../api';
import { bytes } from '../format';
import { ErrorBox, Loading } from './common';
import { parseCsv } from '../csv';

export interface ArtifactSource {
  list(path: string): Promise<FileInfo[]>;
  href(path: string): string;
}

const IMAGE = /\.(png|jpe?g|gif|webp|bmp|avif)$/i;
const CSV = /\.(csv|tsv)$/i;
const JSON_FILE = /\.json$/i;
const TEXT = /(\.(txt|log|md|py|ya?ml|cfg|ini|toml|sh|r|sql|xml|html?|svg|js|ts|java|scala|ipynb|jsonl|out|err|properties|conf))$|(^|\/)(MLmodel|requirements[^/]*|conda[^/]*|python_env[^/]*|[^/.]+)$/i;
const MAX_PREVIEW = 5 * 1024 * 1024;
const MAX_TEXT = 1024 * 1024;

export function ArtifactBrowser({ source, selected, onSelect }: { source: ArtifactSource; selected?: string; onSelect: (p: string) => void }) {
  const [root, setRoot] = useState<{ files?: FileInfo[]; error?: unknown }>({});
  useEffect(() => {
    setRoot({});
    source.list('').then((files) => setRoot({ files }), (error) => setRoot({ error }));
  }, [source]);
  const [sizes, setSizes] = useState<Map<string, number | undefined>>(new Map());
  const remember = (files: FileInfo[]) =>
    setSizes((m) => {
      const n = new Map(m);
      files.forEach((f) => n.set(f.path, f.file_size));
      return n;
    });
  useEffect(() => root.files && remember(root.files), [root.files]);
  return (
    <div class="artifacts">
      <div class="tree" aria-label="Artifact files">
        <ErrorBox error={root.error} />
        {!root.files && !root.error && <Loading what="Listing artifacts" />}
        {root.files && root.files.length === 0 && <p class="muted">No artifacts.</p>}
        {root.files && <Dir files={root.files} source={source} selected={selected} onSelect={onSelect} remember={remember} />}
      </div>
      <div class="preview" aria-live="polite">
        {selected ? <Preview source={source} path={selected} size={sizes.get(selected)} /> : <p class="muted">Choose a file to preview it.</p>}
      </div>
    </div>
  );
}

function Dir({ files, source, selected, onSelect, remember }: { files: FileInfo[]; source: ArtifactSource; selected?: string; onSelect: (p: string) => void; remember: (f: FileInfo[]) => void }) {
  return (
    <ul>
      {files.map((f) => (f.is_dir ? <DirEntry f={f} source={source} selected={selected} onSelect={onSelect} remember={remember} /> : (
        <li key={f.path}>
          <button type="button" class={'file' + (selected === f.path ? ' current' : '')} aria-current={selected === f.path ? 'true' : undefined} onClick={() => onSelect(f.path)}>
            {f.path.split('/').pop()}
          </button>{' '}
          <span class="muted small">{bytes(f.file_size)}</span>
        </li>
      )))}
    </ul>
  );
}

function DirEntry({ f, source, selected, onSelect, remember }: { f: FileInfo; source: ArtifactSource; selected?: string; onSelect: (p: string) => void; remember: (f: FileInfo[]) => void }) {
  const [open, setOpen] = useState(selected != null && selected.startsWith(f.path + '/'));
  const [files, setFiles] = useState<FileInfo[] | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (open && !files)
      source.list(f.path).then(
        (x) => (setFiles(x), remember(x)),
        (e) => setError(e),
      );
  }, [open]);
  return (
    <li key={f.path}>
      <button type="button" class="dir" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
        {f.path.split('/').pop()}/
      </button>
      {open && <ErrorBox error={error} />}
      {open && files && <Dir files={files} source={source} selected={selected} onSelect={onSelect} remember={remember} />}
    </li>
  );
}

function Preview({ source, path, size }: { source: ArtifactSource; path: string; size?: number }) {
  const href = source.href(path);
  const kind = IMAGE.test(path) ? 'image' : CSV.test(path) ? 'csv' : JSON_FILE.test(path) ? 'json' : TEXT.test(path) ? 'text' : 'none';
  const [text, setText] = useState<{ body?: string; truncated?: boolean; error?: unknown }>({});
  useEffect(() => {
    setText({});
    if (kind === 'image' || kind === 'none' || (size != null && size > MAX_PREVIEW)) return;
    const ctl = new AbortController();
    fetch(href, { signal: ctl.signal })
      .then(async (res) => {
        if (!res.ok) {
          let message = res.statusText;
          try {
            message = (await res.json()).message ?? message;
          } catch {
            /* not JSON */
          }
          throw new Error(`${res.status}: ${message}`);
        }
        const body = await res.text();
        setText({ body: body.slice(0, MAX_TEXT), truncated: body.length > MAX_TEXT });
      })
      .catch((error) => !ctl.signal.aborted && setText({ error }));
    return () => ctl.abort();
  }, [href, kind]);
  return (
    <section class="preview-body" aria-label={`Preview of ${path}`} data-kind={kind}>
      <header class="preview-head">
        <h3>{path}</h3>
        <a href={href} download={path.split('/').pop()}>
          Download
        </a>
      </header>
      {kind === 'image' && <img src={href} alt={`Artifact ${path}`} class="artifact-image" />}
      {kind === 'none' && <p class="muted">No preview for this file type.</p>}
      {kind !== 'image' && kind !== 'none' && size != null && size > MAX_PREVIEW && <p class="muted">Too large to preview ({bytes(size)}).</p>}
      <ErrorBox error={text.error} />
      {text.body != null && kind === 'json' && <pre class="code">{pretty(text.body)}</pre>}
      {text.body != null && kind === 'text' && <pre class="code">{text.body}</pre>}
      {text.body != null && kind === 'csv' && <CsvTable text={text.body} tab={/\.tsv$/i.test(path)} />}
      {text.truncated && <p class="muted">Showing the first {bytes(MAX_TEXT)}.</p>}
    </section>
  );
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function CsvTable({ text, tab }: { text: string; tab: boolean }) {
  const rows = parseCsv(text, tab ? '\t' : ',', 501);
  if (rows.length === 0) return <p class="muted">Empty file.</p>;
  const [head, ...body] = rows;
  return (
    <div class="table-scroll">
      <table class="grid csv">
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {body.slice(0, 499).map((r) => (
            <tr>
              {r.map((c) => (
                <td>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > 500 && <p class="muted">Showing the first 499 rows.</p>}
    </div>
  );
}
