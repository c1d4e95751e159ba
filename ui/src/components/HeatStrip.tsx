// Per-column drift over windows: one row per column, one cell per window (oldest left). A drifted
// cell is dark red and marked ×, so the meaning does not rest on colour alone; each header links to
// its window's page (the keyboard's way in), each cell says column, window and score in its title.
import { num, time } from '../format';
import { shortStart, type HeatStrip as Strip } from '../monitoring';
import { Link } from './common';

export function HeatStrip({ strip, windowHref, windowSeconds }: { strip: Strip; windowHref: (start: string) => string; windowSeconds?: number }) {
  const n = strip.windows.length;
  const every = Math.max(1, Math.ceil(n / 8));
  return (
    <div class="table-scroll">
      <table class="heat" aria-label="Drift per column and window">
        <thead>
          <tr>
            <th scope="col">Column</th>
            {strip.windows.map((w, i) => (
              <th scope="col" class="heat-head">
                <Link href={windowHref(w.window_start)} aria-label={`Window ${time(Date.parse(w.window_start))}`} title={time(Date.parse(w.window_start))}>
                  {i % every === 0 ? shortStart(w.window_start, windowSeconds) : '·'}
                </Link>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {strip.columns.map((col, r) => (
            <tr data-column={col}>
              <th scope="row">{col}</th>
              {strip.cells[r].map((c, i) => {
                const when = time(Date.parse(strip.windows[i].window_start));
                if (!c)
                  return (
                    <td class="hs hs-none" title={`${col} · ${when}: not tested`}>
                      <span class="sr-only">not tested</span>
                    </td>
                  );
                const what = `${c.stattest ?? 'score'} ${c.score == null ? '?' : num(c.score)} (threshold ${c.threshold == null ? '?' : num(c.threshold)})`;
                return (
                  <td class={c.detected ? 'hs hs-drift' : 'hs hs-ok'} data-detected={String(c.detected)} title={`${col} · ${when}: ${c.detected ? 'drift' : 'no drift'}, ${what}`}>
                    {c.detected ? <span aria-hidden="true">×</span> : null}
                    <span class="sr-only">{c.detected ? 'drift' : 'no drift'}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">
        <span class="hs-key hs-drift">×</span> drift detected <span class="hs-key hs-ok" /> no drift <span class="hs-key hs-none" /> not tested (window without
        enough rows, or column skipped)
      </p>
    </div>
  );
}
