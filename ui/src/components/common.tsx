import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { KV } from '../api';

export function Link({ href, children, ...rest }: { href: string; children: ComponentChildren; [k: string]: any }) {
  return (
    <a href={href} data-app {...rest}>
      {children}
    </a>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p class="error" role="alert">
      {message}
    </p>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="muted" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

/** Loads data for the given dependencies; aborts the previous request when they change. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    load(ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ data, loading: false }),
      (error) => !ctl.signal.aborted && setState({ error, loading: false }),
    );
    return () => ctl.abort();
  }, deps);
  return state;
}

/** A key/value table; `caption` names it for screen readers and shows only when `showCaption`. */
export function KVTable({ rows, caption, empty = 'None', showCaption = false }: { rows: KV[] | undefined; caption: string; empty?: string; showCaption?: boolean }) {
  if (!rows || rows.length === 0) return <p class="muted">{empty}</p>;
  return (
    <table class="kv">
      <caption class={showCaption ? '' : 'sr-only'}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.key}</th>
            <td class="wrap">{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · Capstan` : 'Capstan';
  }, [title]);
}
