// The live tail: newest first, one colour per channel, channel toggles, text filter, pause that holds
// what arrives, gap markers, and a lanes mode with one column per channel.
import { memo, useMemo, useState } from 'react';
import type { BroadcastState, FeedItem } from './broadcastStore';
import { visibleFeed } from './broadcastStore';
import { PALETTE } from '../charts/palette';
import { formatBytes, formatClock, plural } from '../../state/format';
import type { ValueBytes } from '../../../shared';
import { subscriberLabel, subscriptionLabels } from './fanout';
import { VirtualTail } from './VirtualTail';
import { useThrottled } from '../../state/useThrottled';

/** Redraw the tail at most five times a second: faster than that nobody reads it, and it costs frames. */
export const REDRAW_MS = 200;

/** The whole buffer is scrollable (only visible rows are in the DOM); the filter searches all of it. */
export const SHOWN = 2000;

export const colourOf = (colours: Record<string, number>, channel: string) => PALETTE[(colours[channel] ?? 0) % PALETTE.length];

export function LiveTail({ s }: { s: BroadcastState }) {
  const [lanes, setLanes] = useState(false);
  const feed = useThrottled(s.feed, REDRAW_MS);
  const shown = useMemo(() => visibleFeed(feed.items, s.filter, s.hiddenChannels, SHOWN), [feed, s.filter, s.hiddenChannels]);
  const channels = Object.keys(s.colours);
  const labels = useMemo(() => subscriptionLabels(s.subscriptions), [s.subscriptions]);
  const viaOf = (it: FeedItem) => {
    if (it.kind === 'gap') return labels.get(it.gap.subscriptionId) ?? '';
    const sub = s.subscriptions.find((x) => x.id === it.message.subscriptionId);
    return sub ? subscriberLabel(labels, sub, it.message.subscriber) : '';
  };
  return (
    <section className="ss-tail" aria-label="Live tail">
      <header className="ss-toolbar">
        <h3>Live tail</h3>
        <label className="ss-inline">
          Filter{' '}
          <input type="search" value={s.filter} onChange={(e) => s.setFilter(e.target.value)} placeholder="channel or payload text" />
        </label>
        <button type="button" aria-pressed={s.paused} onClick={() => s.setPaused(!s.paused)}>
          {s.paused ? `Resume (${s.held.items.length} held)` : 'Pause'}
        </button>
        <button type="button" aria-pressed={lanes} onClick={() => setLanes(!lanes)}>
          Lanes
        </button>
        <button type="button" onClick={() => s.clear()}>
          Clear tail
        </button>
      </header>
      {channels.length > 0 && (
        <div className="ss-chips" role="group" aria-label="Channels shown">
          {channels.map((c) => (
            <button
              key={c}
              type="button"
              className="ss-chip"
              aria-pressed={!s.hiddenChannels.has(c)}
              aria-label={`Show channel ${c}`}
              style={{ borderColor: colourOf(s.colours, c) }}
              onClick={() => s.toggleChannel(c)}
            >
              <span className="ss-dot" style={{ background: colourOf(s.colours, c) }} /> {c}
            </button>
          ))}
        </div>
      )}
      {(s.droppedUpstream > 0 || s.feed.dropped > 0) && (
        <p className="muted ss-tail-note">
          {s.droppedUpstream > 0 &&
            `${plural(s.droppedUpstream, 'message')} never reached this page (the console or the connection fell behind under load). `}
          {s.feed.dropped > 0 && `${plural(s.feed.dropped, 'older message')} left the ${s.feed.items.length}-message buffer.`}
        </p>
      )}
      {s.feed.items.length === 0 ? (
        <p className="muted">Nothing received yet: subscribe to a channel or pattern above, then publish a message (or start the demo).</p>
      ) : lanes ? (
        <Lanes items={shown} channels={channels.filter((c) => !s.hiddenChannels.has(c))} colours={s.colours} viaOf={viaOf} />
      ) : (
        <VirtualTail
          items={shown}
          label="Messages"
          height={360}
          renderRow={(it) => <TailRow item={it} colours={s.colours} via={viaOf(it)} />}
        />
      )}
    </section>
  );
}

/** Says when the text shown is not the payload's exact bytes: binary (\xNN escapes) or a preview. */
function PayloadNote({ bytes }: { bytes: ValueBytes }) {
  const notes = [
    bytes.base64 !== undefined ? 'binary: bytes that are not UTF-8 show as \\xNN' : null,
    bytes.truncated ? `preview of ${formatBytes(bytes.size)}` : null,
  ];
  return <span className="muted ss-tail-bytes">{notes.filter(Boolean).join(' · ')}</span>;
}

const TailRow = memo(function TailRow({ item, colours, via }: { item: FeedItem; colours: Record<string, number>; via: string }) {
  if (item.kind === 'gap') {
    const g = item.gap;
    return (
      <div className="ss-gap">
        ⚠ gap{via ? ` on ${via}` : ''}: nothing received {formatClock(g.from)} – {formatClock(g.to)} ({g.reason})
      </div>
    );
  }
  const m = item.message;
  return (
    <div className="ss-tail-row" style={{ borderLeftColor: colourOf(colours, m.channel) }}>
      <time>{formatClock(m.receivedAt)}</time>
      <span className="ss-tail-channel" style={{ color: colourOf(colours, m.channel) }}>
        {m.channel}
      </span>
      {via ? <span className="muted ss-tail-via">via {via}</span> : null}
      <code className={m.value === undefined ? 'ss-not-json' : undefined} title={m.value === undefined ? 'not JSON' : undefined}>
        {m.payload.length > 240 ? `${m.payload.slice(0, 239)}…` : m.payload}
      </code>
      {m.bytes ? <PayloadNote bytes={m.bytes} /> : null}
    </div>
  );
});

function Lanes({
  items,
  channels,
  colours,
  viaOf,
}: {
  items: FeedItem[];
  channels: string[];
  colours: Record<string, number>;
  viaOf: (it: FeedItem) => string;
}) {
  return (
    <div className="ss-lanes">
      {channels.map((c) => (
        <section key={c} className="ss-lane" aria-label={`Lane ${c}`} style={{ borderTopColor: colourOf(colours, c) }}>
          <h4 style={{ color: colourOf(colours, c) }}>{c}</h4>
          <VirtualTail
            items={items.filter((it) => it.kind === 'gap' || it.message.channel === c)}
            label={`Messages on ${c}`}
            height={320}
            renderRow={(it) => <TailRow item={it} colours={colours} via={viaOf(it)} />}
          />
        </section>
      ))}
    </div>
  );
}
