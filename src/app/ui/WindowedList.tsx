// A windowed list: fixed-height rows, only the visible slice (plus overscan) is in
// the DOM, so 100,000 events scroll as smoothly as 10.
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  count: number;
  rowHeight: number;
  renderRow(index: number): ReactNode;
  /** Scrolls so this row is visible whenever it changes. */
  scrollToIndex?: number | null;
  overscan?: number;
  className?: string;
  testId?: string;
  ariaLabel: string;
  /** Makes the scroller itself a tab stop (its rows are not focusable, so the keyboard can still scroll it). */
  focusable?: boolean;
}

export function WindowedList({ count, rowHeight, renderRow, scrollToIndex, overscan = 8, className, testId, ariaLabel, focusable = false }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || scrollToIndex == null || scrollToIndex < 0) return;
    const top = scrollToIndex * rowHeight;
    if (top < el.scrollTop || top + rowHeight > el.scrollTop + el.clientHeight) {
      el.scrollTop = Math.max(0, top - el.clientHeight / 2);
    }
  }, [scrollToIndex, rowHeight]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={i} className="wl-row" style={{ top: i * rowHeight, height: rowHeight }}>
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div
      ref={ref}
      className={`windowed-list ${className ?? ''}`}
      data-testid={testId}
      role="rowgroup"
      aria-label={ariaLabel}
      tabIndex={focusable ? 0 : undefined}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div className="wl-spacer" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
