// The virtualized entries grid: only the visible rows exist in the DOM, so a million loaded
// entries scroll like ten. Scrolling near the bottom asks for the next older page. When the
// entries share field names, each shared name gets its own column (fieldColumns.ts).
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { StreamEntry } from '../../../shared';
import { displayKeyName } from '../../../shared/key-name';
import { entryPreview, fieldLine, fieldsLine } from '../../state/entryText';
import { formatTime } from '../../state/format';

export const ROW_HEIGHT = 24;
/** Ask for an older page when the last rendered row is this close to the end. */
const PREFETCH_ROWS = 40;

interface EntriesTableProps {
  count: number;
  /** How many rows sit on top as live entries (to keep the view still while they arrive). */
  liveCount: number;
  rowAt: (index: number) => StreamEntry | undefined;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onNearEnd: () => void;
  /** Changes whenever the view must jump to row `topIndex` (reload, seek, tail switched on). */
  topKey: number | string;
  /** Row shown at the top after `topKey` changes (0: the newest). */
  topIndex?: number;
  /** Field names shown as their own columns (empty: one payload column). */
  columns?: string[];
}

const FIXED_COLUMNS = '190px 170px 64px';

/** One row's payload cell: the fields not in their own columns, or the UCloud JSON. */
function restOf(entry: StreamEntry, shown: ReadonlySet<string>): string {
  if (shown.size === 0 || entry.format === 'ucloud' || entry.format === 'sentinel') return entryPreview(entry);
  const text = fieldsLine(entry.fields, shown);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function cellOf(entry: StreamEntry, name: string): string {
  const field = entry.fields.find((f) => f.name === name);
  if (!field) return '';
  const text = fieldLine(field);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const NOT_JUMPED = Symbol('not jumped yet');

export function EntriesTable({
  count,
  liveCount,
  rowAt,
  selectedId,
  onSelect,
  onNearEnd,
  topKey,
  topIndex = 0,
  columns = [],
}: EntriesTableProps) {
  const shownColumns = new Set(columns);
  const gridStyle =
    columns.length > 0
      ? { gridTemplateColumns: `${FIXED_COLUMNS} repeat(${columns.length}, minmax(60px, 160px)) minmax(0, 1fr)` }
      : undefined;
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the build has no React Compiler to skip this component; the virtualizer is read fresh on every render
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1].index : -1;

  useEffect(() => {
    if (count > 0 && lastIndex >= count - PREFETCH_ROWS) onNearEnd();
  }, [lastIndex, count, onNearEnd]);

  // A jump happens when topKey changes, not when rows arrive.
  const jumpedFor = useRef<unknown>(NOT_JUMPED);
  useLayoutEffect(() => {
    if (Object.is(jumpedFor.current, topKey)) return;
    jumpedFor.current = topKey;
    if (scrollRef.current) scrollRef.current.scrollTop = Math.max(0, topIndex - 2) * ROW_HEIGHT;
  }, [topKey, topIndex]);

  // A reader scrolled into history should not be pushed down by every live batch.
  const previousLive = useRef(liveCount);
  useLayoutEffect(() => {
    const added = liveCount - previousLive.current;
    previousLive.current = liveCount;
    const el = scrollRef.current;
    if (el && added > 0 && el.scrollTop > 0) el.scrollTop += added * ROW_HEIGHT;
  }, [liveCount]);

  const selectedIndex = () => {
    for (const item of items) if (rowAt(item.index)?.id === selectedId) return item.index;
    return -1;
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (count === 0) return;
    const current = selectedIndex();
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT));
    let target: number | null = null;
    if (e.key === 'ArrowDown') target = current < 0 ? (items[0]?.index ?? 0) : current + 1;
    else if (e.key === 'ArrowUp') target = current < 0 ? (items[0]?.index ?? 0) : current - 1;
    else if (e.key === 'PageDown') target = Math.max(current, 0) + page;
    else if (e.key === 'PageUp') target = Math.max(current, 0) - page;
    else if (e.key === 'Home') target = 0;
    else if (e.key === 'End') target = count - 1;
    if (target === null) return;
    e.preventDefault();
    target = Math.min(count - 1, Math.max(0, target));
    const entry = rowAt(target);
    if (entry) onSelect(entry.id);
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  return (
    <div className="entries-grid" role="grid" aria-label="Entries" aria-rowcount={count + 1} aria-readonly="true">
      <div className="entries-row entries-head" role="row" aria-rowindex={1} style={gridStyle}>
        <span role="columnheader" className="c-id">
          ID
        </span>
        <span role="columnheader" className="c-time">
          Time
        </span>
        <span role="columnheader" className="c-format">
          Format
        </span>
        {columns.map((name) => (
          <span key={name} role="columnheader" className="c-field mono" title={displayKeyName(name)}>
            {name === '' ? '(empty name)' : displayKeyName(name)}
          </span>
        ))}
        <span role="columnheader" className="c-payload">
          {columns.length > 0 ? 'Other fields' : 'Payload'}
        </span>
      </div>
      {/* The focusable scroller is the grid's row group (a grid may hold only rows and row groups);
          the sizer inside it is presentation, so the rows are the group's own children. */}
      <div
        ref={scrollRef}
        role="rowgroup"
        className="entries-scroll"
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-label="Entries rows (arrow keys select)"
      >
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const entry = rowAt(item.index);
            if (!entry) return null;
            const selected = entry.id === selectedId;
            return (
              // Keyed by position, not id: when a live batch lands on top, the same row elements get
              // new text instead of being torn down and rebuilt.
              <div
                key={item.index}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                className={`entries-row${selected ? ' selected' : ''}${item.index < liveCount ? ' live' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, ...gridStyle }}
                onClick={() => onSelect(entry.id)}
              >
                <span role="gridcell" className="c-id mono">
                  {entry.id}
                </span>
                <span role="gridcell" className="c-time mono">
                  {formatTime(entry.timestamp)}
                </span>
                <span role="gridcell" className={`c-format fmt-${entry.format}`}>
                  {entry.format}
                </span>
                {columns.map((name) => (
                  <span key={name} role="gridcell" className="c-field mono">
                    {cellOf(entry, name)}
                  </span>
                ))}
                <span role="gridcell" className="c-payload mono">
                  {restOf(entry, shownColumns)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
