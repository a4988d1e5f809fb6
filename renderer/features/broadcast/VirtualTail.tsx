// A tail list that keeps only the rows in view (plus a few) in the DOM: at thousands of messages a
// second every batch replaces the whole visible list, so DOM work must not grow with the buffer.
import { memo, useRef, type ReactElement } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { FeedItem } from './broadcastStore';

export const ROW_HEIGHT = 22;

export interface VirtualTailProps {
  items: readonly FeedItem[];
  label: string;
  height: number;
  renderRow: (item: FeedItem) => ReactElement;
}

export const VirtualTail = memo(function VirtualTail({ items, label, height, renderRow }: VirtualTailProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    // Keyed by position, not by message: new messages arrive on top and shift every row, so reusing
    // the row elements and changing their text is far cheaper than removing and creating them.
    overscan: 12,
    // The scroller's height is fixed by us, so there is nothing to measure (and DOM-only hosts report 0).
    initialRect: { width: 0, height },
    observeElementRect: (_instance, cb) => {
      cb({ width: 0, height });
      return () => undefined;
    },
  });
  return (
    // Focusable so the keyboard can scroll it (arrow keys, Page Up/Down).
    <div ref={scroller} className="ss-tail-scroll" style={{ height }} tabIndex={0}>
      <ol className="ss-tail-list" aria-label={label} style={{ height: v.getTotalSize() }}>
        {v.getVirtualItems().map((row) => (
          <li key={row.key} className="ss-tail-slot" style={{ transform: `translateY(${row.start}px)` }}>
            {renderRow(items[row.index])}
          </li>
        ))}
      </ol>
    </div>
  );
});
