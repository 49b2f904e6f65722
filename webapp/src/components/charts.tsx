import { useEffect, useRef, useState, type RefObject } from 'react';
import { formatClock } from './time';

// Small hand-written SVG charts (no chart library): a line chart and stacked bars over time.
// Each is a <figure> with a caption, an accessible summary and a legend; colours come from
// the theme (CSS classes series-N).

const DEFAULT_WIDTH = 640;
const HEIGHT = 200;
const MARGIN = { top: 10, right: 12, bottom: 24, left: 40 };
const PALETTE_SIZE = 8;

export interface Point {
  t: number;
  v: number;
}

export interface Series {
  name: string;
  points: Point[];
}

export interface Bucket {
  t: number;
  values: Record<string, number>;
}

function niceMax(value: number): number {
  if (value <= 0) {
    return 1;
  }
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * magnitude) {
      return step * magnitude;
    }
  }
  return 10 * magnitude;
}

/** The rendered width of a chart's box, so that the SVG draws in real pixels (text never stretches). */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver((entries) => {
      const measured = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (measured > 0) {
        setWidth(measured);
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

function Axes({ maxValue, from, to, width }: { maxValue: number; from: number; to: number; width: number }) {
  const WIDTH = width;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const ticks = [0, 0.5, 1].map((fraction) => ({ value: maxValue * fraction, y: MARGIN.top + innerHeight * (1 - fraction) }));
  const timeTicks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => ({
    t: from + (to - from) * fraction,
    x: MARGIN.left + (WIDTH - MARGIN.left - MARGIN.right) * fraction,
  }));
  return (
    <g className="axes" aria-hidden="true">
      {ticks.map((tick) => (
        <g key={tick.value}>
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={tick.y} y2={tick.y} className="grid" />
          <text x={MARGIN.left - 6} y={tick.y + 4} textAnchor="end">
            {Number.isInteger(tick.value) ? tick.value : tick.value.toFixed(1)}
          </text>
        </g>
      ))}
      {timeTicks.map((tick, index) => (
        <text key={index} x={tick.x} y={HEIGHT - 6} textAnchor={index === 0 ? 'start' : index === 4 ? 'end' : 'middle'}>
          {formatClock(tick.t, to - from < 5 * 60_000)}
        </text>
      ))}
    </g>
  );
}

function Legend({ names }: { names: string[] }) {
  return (
    <ul className="legend">
      {names.map((name, index) => (
        <li key={name}>
          <span className={`swatch series-${index % PALETTE_SIZE}`} aria-hidden="true" />
          {name}
        </li>
      ))}
    </ul>
  );
}

export function LineChart({
  title,
  series,
  from,
  to,
  yLabel,
  summary,
}: {
  title: string;
  series: Series[];
  from: number;
  to: number;
  yLabel: string;
  summary: string;
}) {
  const box = useRef<HTMLElement>(null);
  const WIDTH = useWidth(box);
  const maxValue = niceMax(Math.max(0, ...series.flatMap((item) => item.points.map((point) => point.v))));
  const span = Math.max(1, to - from);
  const x = (t: number) => MARGIN.left + ((t - from) / span) * (WIDTH - MARGIN.left - MARGIN.right);
  const y = (v: number) => MARGIN.top + (1 - v / maxValue) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  return (
    <figure className="chart" ref={box}>
      <figcaption>
        {title} <span className="muted small">({yLabel})</span>
      </figcaption>
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}: ${summary}`}>
        <Axes maxValue={maxValue} from={from} to={to} width={WIDTH} />
        {series.map((item, index) =>
          item.points.length === 0 ? null : (
            <polyline
              key={item.name}
              className={`line series-${index % PALETTE_SIZE}`}
              points={item.points.map((point) => `${x(point.t).toFixed(1)},${y(point.v).toFixed(1)}`).join(' ')}
            >
              <title>{item.name}</title>
            </polyline>
          ),
        )}
      </svg>
      {series.length > 1 ? <Legend names={series.map((item) => item.name)} /> : null}
    </figure>
  );
}

export function StackedBars({
  title,
  buckets,
  keys,
  from,
  to,
  bucketMillis,
  yLabel,
  summary,
}: {
  title: string;
  buckets: Bucket[];
  keys: string[];
  from: number;
  to: number;
  bucketMillis: number;
  yLabel: string;
  summary: string;
}) {
  const box = useRef<HTMLElement>(null);
  const WIDTH = useWidth(box);
  const totals = buckets.map((bucket) => keys.reduce((sum, key) => sum + (bucket.values[key] ?? 0), 0));
  const maxValue = niceMax(Math.max(0, ...totals));
  const span = Math.max(1, to - from);
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const barWidth = Math.max(1, (bucketMillis / span) * innerWidth - 2);
  return (
    <figure className="chart" ref={box}>
      <figcaption>
        {title} <span className="muted small">({yLabel})</span>
      </figcaption>
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}: ${summary}`}>
        <Axes maxValue={maxValue} from={from} to={to} width={WIDTH} />
        {buckets.map((bucket) => {
          let offset = 0;
          const left = MARGIN.left + ((bucket.t - from) / span) * innerWidth + 1;
          return (
            <g key={bucket.t}>
              {keys.map((key, index) => {
                const value = bucket.values[key] ?? 0;
                if (value === 0) {
                  return null;
                }
                const height = (value / maxValue) * innerHeight;
                offset += height;
                return (
                  <rect
                    key={key}
                    className={`bar series-${index % PALETTE_SIZE}`}
                    x={left}
                    y={MARGIN.top + innerHeight - offset}
                    width={barWidth}
                    height={height}
                  >
                    <title>{`${formatClock(bucket.t)} ${key}: ${value}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </svg>
      {keys.length > 0 ? <Legend names={keys} /> : null}
    </figure>
  );
}
