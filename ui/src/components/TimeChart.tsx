// Line charts over time with uPlot: x in epoch seconds, one line per series, gaps as null. The plot
// is made once per set of lines and fed new data in place, so a page that polls does not flicker.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { num, percent as pct } from '../format';
import { PALETTE } from './Chart';

export interface TimeLine {
  label: string;
  values: (number | null)[];
  /** palette index, so one version keeps its colour across charts */
  color?: number;
  dash?: boolean;
}

export function TimeChart({
  title,
  xs,
  lines,
  unit = '',
  height = 200,
  percent = false,
}: {
  title: string;
  xs: number[];
  lines: TimeLine[];
  unit?: string;
  height?: number;
  percent?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = lines.map((l) => `${l.label}|${l.color}|${l.dash}`).join(',') + `|${height}|${percent}`;
  const data = [xs, ...lines.map((l) => l.values)] as uPlot.AlignedData;
  const points = lines.reduce((n, l) => n + l.values.filter((v) => v != null).length, 0);
  const fmt = (v: number | null) => (v == null ? '—' : percent ? pct(v) : num(Number(v.toPrecision(4))) + (unit ? ' ' + unit : ''));
  // rates never go past 100 %; other values start at 0 and leave a tenth of headroom
  const range = (_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax => {
    const lo = Math.min(0, min ?? 0);
    const hi = max != null && max > lo ? max * 1.1 : lo + 1;
    return [lo, percent ? Math.min(1, hi) || 1 : hi];
  };
  useEffect(() => {
    const el = box.current!;
    const p = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        legend: { show: true },
        cursor: { drag: { x: true, y: false } },
        scales: { x: { time: true }, y: { range } },
        axes: [{}, { values: (_u, ticks) => ticks.map((t) => fmt(t)), size: 70 }],
        series: [
          {},
          ...lines.map((l, i) => ({
            label: l.label,
            stroke: PALETTE[(l.color ?? i) % PALETTE.length],
            width: 1.5,
            dash: l.dash ? [6, 4] : undefined,
            spanGaps: false,
            points: { show: xs.length < 60 },
            value: (_u: uPlot, v: number | null) => fmt(v),
          })),
        ],
      },
      data,
      el,
    );
    plot.current = p;
    const ro = new ResizeObserver(() => p.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      p.destroy();
      plot.current = null;
    };
  }, [shape]);
  useEffect(() => {
    plot.current?.setData(data);
  });
  return (
    <figure class="chart" data-points={points} aria-label={`Chart of ${title} over time`}>
      <figcaption>{title}</figcaption>
      <div ref={box} class="chart-canvas" />
    </figure>
  );
}
