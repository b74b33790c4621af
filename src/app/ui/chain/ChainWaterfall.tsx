// A trade's chain as a waterfall: one row per event on a shared time scale, a
// causation arrow from each cause to its effect, click a row for its payload.
import { useRef } from 'react';
import type { TradingEvent } from '../../../core/events';
import type { ChainLink } from './trade-chain';
import { useElementWidth } from '../useElementWidth';
import { formatTime } from '../format/format-number';
import { eventSummary } from './event-summary';

interface Props {
  events: readonly TradingEvent[];
  links: readonly ChainLink[];
  selectedId: string | null;
  onSelect(id: string): void;
}

const ROW = 30;
const LABEL = 270;
const PAD = 24;

export const EVENT_COLORS: Record<string, string> = {
  FEATURES: '#2dd4bf',
  REGIME_CHANGE: '#e879f9',
  SIGNAL: '#a78bfa',
  ORDER_REQUEST: '#f472b6',
  ORDER: '#f59e0b',
  FILL: '#38bdf8',
  POSITION_OPEN: '#22c55e',
  POSITION_CLOSE: '#ef4444',
  PORTFOLIO_UPDATE: '#94a3b8',
  RISK_BREACH: '#fb923c',
  ERROR: '#f43f5e',
};

export function ChainWaterfall({ events, links, selectedId, onSelect }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const t0 = Math.min(...events.map((e) => e.timestamp));
  const t1 = Math.max(...events.map((e) => e.timestamp));
  const span = Math.max(t1 - t0, 1);
  const track = Math.max(width - LABEL - PAD * 2, 120);
  const x = (t: number) => LABEL + PAD + ((t - t0) / span) * track;
  const rowOf = new Map(events.map((e, i) => [e.eventId, i]));
  const height = events.length * ROW + 28;
  // Few ticks: date labels are ~70px wide and the track can be narrow.
  const ticks = (track > 420 ? [0, 0.25, 0.5, 0.75, 1] : [0, 0.5, 1]).map((f) => t0 + f * span);

  return (
    <div ref={ref} className="waterfall" data-testid="chain-waterfall">
      <svg width={width} height={height} role="list" aria-label="Trade event chain">
        <defs>
          <marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L8,4 L0,8 z" className="wf-arrowhead" />
          </marker>
        </defs>
        {ticks.map((t, i) => (
          <g key={i}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={height - 22} className="wf-grid" />
            <text x={x(t)} y={height - 8} textAnchor={i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'} className="wf-tick">
              {span >= 2 * 86_400_000 ? formatTime(Math.round(t / 86_400_000) * 86_400_000) : formatTime(t)}
            </text>
          </g>
        ))}
        {events.map((e, i) => (
          <g
            key={e.eventId}
            role="listitem"
            data-testid="chain-event"
            data-type={e.type}
            data-event-id={e.eventId}
            className={`wf-row ${e.eventId === selectedId ? 'selected' : ''}`}
            onClick={() => onSelect(e.eventId)}
          >
            <rect x={0} y={i * ROW} width={width} height={ROW} className="wf-row-bg" />
            <circle cx={10} cy={i * ROW + ROW / 2} r={5} fill={EVENT_COLORS[e.type] ?? '#64748b'} />
            <text x={22} y={i * ROW + ROW / 2 + 4} className="wf-type">
              {e.type}
            </text>
            <text x={148} y={i * ROW + ROW / 2 + 4} className="wf-sub">
              #{e.sequence ?? '?'} · {eventSummary(e).slice(0, 16)}
            </text>
            <rect x={x(e.timestamp) - 7} y={i * ROW + 8} width={14} height={ROW - 16} rx={3} fill={EVENT_COLORS[e.type] ?? '#64748b'} />
          </g>
        ))}
        {links.map((l) => {
          const a = rowOf.get(l.from);
          const b = rowOf.get(l.to);
          if (a === undefined || b === undefined) return null;
          const ea = events[a]!;
          const eb = events[b]!;
          const x1 = x(ea.timestamp);
          const x2 = x(eb.timestamp);
          const y1 = a * ROW + ROW - 8;
          const y2 = b * ROW + 8;
          const midY = (y1 + y2) / 2;
          return (
            <path
              key={`${l.from}-${l.to}`}
              d={`M${x1},${y1} C${x1},${midY} ${x2},${midY} ${x2},${y2}`}
              className="wf-link"
              markerEnd="url(#arrow)"
              data-testid="chain-link"
            />
          );
        })}
      </svg>
    </div>
  );
}
