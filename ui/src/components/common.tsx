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

/**
 * Loads data now and again every `everyMs` while the page is visible; stops when the tab is hidden
 * and loads at once when it shows again. Keeps the last data when a reload fails (the error shows).
 */
export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[], everyMs: number) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean; at?: number }>({ loading: true });
  useEffect(() => {
    let ctl: AbortController | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let busy = false;
    setState({ loading: true });
    const tick = () => {
      timer = undefined;
      if (stopped || busy || document.visibilityState === 'hidden') return;
      busy = true;
      const c = (ctl = new AbortController());
      load(c.signal).then(
        (data) => !c.signal.aborted && setState({ data, loading: false, at: Date.now() }),
        (error) => !c.signal.aborted && setState((s) => ({ data: s.data, error, loading: false, at: s.at })),
      ).finally(() => {
        busy = false;
        if (!c.signal.aborted && !stopped && document.visibilityState !== 'hidden') timer = setTimeout(tick, everyMs);
      });
    };
    const visibility = () => {
      if (document.visibilityState === 'hidden') {
        ctl?.abort();
        if (timer) clearTimeout(timer);
        timer = undefined;
      } else if (!timer) tick();
    };
    document.addEventListener('visibilitychange', visibility);
    tick();
    return () => {
      stopped = true;
      ctl?.abort();
      if (timer) clearTimeout(timer);
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [...deps, everyMs]);
  return state;
}
