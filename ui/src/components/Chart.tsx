// Line charts with uPlot (canvas, fast with 100k points). One x axis (step); one series per line.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Line {
  label: string;
  points: { step: number; value: number }[];
}

// white text on every colour has at least 4.5:1 contrast (the traffic bar writes on them)
export const PALETTE = ['#1d4f91', '#c0392b', '#1e8449', '#8e44ad', '#9a6309', '#117a8b', '#6c3483', '#566573'];

/** Aligns lines on the union of their steps (uPlot wants one shared x array); gaps are null. */
function align(lines: Line[]): uPlot.AlignedData {
  const steps = new Set<number>();
  for (const l of lines) for (const p of l.points) steps.add(p.step);
  const xs = Float64Array.from(steps).sort();
  const index = new Map<number, number>();
  xs.forEach((x, i) => index.set(x, i));
  const ys = lines.map((l) => {
    const y: (number | null)[] = new Array(xs.length).fill(null);
    for (const p of l.points) y[index.get(p.step)!] = Number.isFinite(p.value) ? p.value : null;
    return y;
  });
  return [Array.from(xs), ...ys] as uPlot.AlignedData;
}

export function StepChart({ title, lines, height = 220 }: { title: string; lines: Line[]; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const points = lines.reduce((n, l) => n + l.points.length, 0);
  useEffect(() => {
    const el = box.current!;
    const data = align(lines);
    const single = data[0].length === 1;
    const plot = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        scales: { x: { time: false } },
        legend: { show: lines.length > 1 },
        cursor: { drag: { x: true, y: false } },
        axes: [{ label: 'step' }, {}],
        series: [
          { label: 'step' },
          ...lines.map((l, i) => ({
            label: l.label,
            stroke: PALETTE[i % PALETTE.length],
            width: 1.5,
            spanGaps: true,
            points: { show: single || l.points.length < 40 },
          })),
        ],
      },
      data,
      el,
    );
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [lines, height]);
  return (
    <figure class="chart" data-points={points} aria-label={`Chart of ${title} by step`}>
      <figcaption>{title}</figcaption>
      <div ref={box} class="chart-canvas" />
    </figure>
  );
}
