// One uPlot time-series chart. uPlot draws on canvas, so the latest values are also written out as
// text beside it: readable by screen readers and by tests, and still shown where canvas is missing.
import { useEffect, useLayoutEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series } from './history';
import { formatClock } from '../../state/format';

/** `note` says what the lines do not show by themselves (e.g. how a value was known). */
export function TimeChart({ title, unit, series, note }: { title: string; unit: string; series: Series; note?: string | null }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = series.names.join('\u0000');
  const seriesNow = useRef(series);
  useLayoutEffect(() => {
    seriesNow.current = series;
  });

  // The series set is fixed at creation: a new group means a new chart.
  useEffect(() => {
    const el = host.current;
    if (!el || !canDraw()) return;
    const { names, colours, x, ys } = seriesNow.current;
    try {
      plot.current = new uPlot(
        {
          width: Math.max(300, el.clientWidth || 560),
          height: 180,
          legend: { show: true },
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: true } },
          axes: [
            {
              stroke: '#8791a0',
              grid: { stroke: '#222833' },
              ticks: { stroke: '#2a313c' },
              // The app's clock format, to the second only where ticks are closer than a minute.
              values: (_u, splits, _axis, _space, incr) => splits.map((s) => formatClock(s * 1000, incr < 60 ? 's' : 'min')),
            },
            { stroke: '#8791a0', grid: { stroke: '#222833' }, ticks: { stroke: '#2a313c' }, size: 56, label: unit, labelSize: 14 },
          ],
          // Not hovered (no index), the legend shows the latest sample, never "--".
          series: [
            { label: 'Time', value: (u, v, _s, idx) => legendTime(hovered(idx) ? v : lastOf(u.data[0])) },
            ...names.map((name, i) => ({
              label: name,
              stroke: colours[i],
              width: 1.5,
              spanGaps: false,
              value: (u: uPlot, v: number | null, s: number, idx: number | null) => legendValue(hovered(idx) ? v : lastOf(u.data[s])),
            })),
          ],
        },
        [x, ...ys] as uPlot.AlignedData,
        el,
      );
    } catch {
      plot.current = null; // no canvas here: the text summary below still carries the numbers
    }
    const resize =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver(() => plot.current?.setSize({ width: Math.max(300, el.clientWidth), height: 180 }))
        : null;
    resize?.observe(el);
    return () => {
      resize?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape, unit]); // not `series`: new data goes through setData below, without rebuilding the chart

  useEffect(() => {
    plot.current?.setData([series.x, ...series.ys] as uPlot.AlignedData);
  }, [series]);

  const latest = series.names.map((name, i) => {
    const ys = series.ys[i];
    const v = ys[ys.length - 1];
    return `${name}: ${legendValue(v)}`;
  });
  return (
    <figure className="ss-chart" aria-label={title}>
      <figcaption>
        {title} <span className="muted">({unit})</span>
      </figcaption>
      <div ref={host} className="ss-chart-canvas" />
      <p className="ss-chart-latest" aria-label={`${title} now`}>
        {latest.length ? latest.join(' · ') : 'no data yet'}
      </p>
      {note ? (
        <p className="ss-chart-note" aria-label={`${title}: how it is known`}>
          {note}
        </p>
      ) : null}
    </figure>
  );
}

/** uPlot draws later, outside any try: only start it where a 2D canvas exists (not in DOM-only test hosts). */
let canvasOk: boolean | null = null;
function canDraw(): boolean {
  if (canvasOk === null) {
    try {
      canvasOk = document.createElement('canvas').getContext('2d') !== null;
    } catch {
      canvasOk = false;
    }
  }
  return canvasOk;
}

/** uPlot gives the legend no index while the pointer is off the chart. */
const hovered = (idx: number | null | undefined) => idx !== null && idx !== undefined;
const lastOf = (values: ArrayLike<number | null | undefined>) => (values.length ? values[values.length - 1] : null);
const legendTime = (s: number | null | undefined) => (s === null || s === undefined ? '' : formatClock(s * 1000, 's'));
const legendValue = (v: number | null | undefined) => (v === null || v === undefined ? '—' : round(v));

const round = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : Number(v.toFixed(1)).toString());
