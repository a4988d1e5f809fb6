// Broadcast (Redis pub/sub, UCloud BroadcastingStreams): channels, subscribe by name or pattern with
// N console subscribers, the live tail, publish with its receiver count, and the fan-out view.
// Given the app's store, subscriptions and the tail outlive this view; without one it owns a store
// for as long as it is shown.
import { useEffect, useId, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Bridge } from '../../../shared';
import { keyName } from '../../../shared';
import { ChannelRate } from '../../components/MeasuredRate';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PayloadMeter } from '../../components/PayloadMeter';
import { checkPayload } from '../../state/payloadCheck';
import { firstProblem } from '../../state/validate';
import { plural } from '../../state/format';
import { OWN_RATE_SUBSCRIPTION } from '../../state/measureBroadcastRates';
import { createBroadcastStore, type BroadcastState } from './broadcastStore';
import { subscriptionLabels } from './fanout';
import { LiveTail } from './LiveTail';
import { FanoutView } from './FanoutView';
import '../../components/tables.css';
import './broadcast.css';
import { WriteButton } from '../../components/WriteButton';

export function BroadcastView({ bridge, store: given }: { bridge: Bridge; store?: StoreApi<BroadcastState> }) {
  const [store] = useState(() => given ?? createBroadcastStore(bridge));
  const s = useStore(store);
  useEffect(() => (given ? undefined : store.getState().listen()), [store, given]);
  useEffect(() => store.getState().watchChannels(), [store]);

  return (
    <section className="ss-broadcast" aria-label="Broadcast">
      <header className="view-header">
        <h1>
          <span className="muted">broadcast</span> pub/sub channels
        </h1>
      </header>
      <div className="ss-broadcast-top">
        <Channels s={s} />
        <div>
          <SubscribeForm s={s} />
          <PublishForm s={s} />
        </div>
      </div>
      <LiveTail s={s} />
      <FanoutView rows={s.fanout} subscriptions={s.subscriptions} />
    </section>
  );
}

function Channels({ s }: { s: BroadcastState }) {
  const tailed = new Set(s.subscriptions.filter((sub) => !sub.isPattern).map((sub) => `${sub.sharded ? 'sharded ' : ''}${sub.channel}`));
  return (
    <section className="ss-channels" aria-label="Channels">
      <header className="ss-toolbar">
        <h3>Active channels</h3>
        <button type="button" onClick={() => void s.loadChannels()}>
          Refresh channels
        </button>
      </header>
      <ErrorMessage error={s.channelsError} context="Could not list channels" />
      {s.channels.length === 0 ? (
        <p className="muted">
          No channel has a subscriber right now (pattern subscriptions are not listed by Redis). Subscribe to one here, or start the demo.
        </p>
      ) : (
        <table className="ss-table" aria-label="Channel list">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col" className="num">
                Subscribers
              </th>
              <th scope="col" className="num">
                msgs/s
              </th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {s.channels.map((c) => (
              <tr key={`${c.sharded ? 'sharded ' : ''}${c.name}`}>
                <th scope="row">
                  {c.name}
                  {c.sharded ? (
                    <span className="ss-badge" title="Sharded pub/sub (SSUBSCRIBE/SPUBLISH): its rate is not measured">
                      sharded
                    </span>
                  ) : null}
                </th>
                <td className="num">{c.subscribers}</td>
                <td className="num">
                  <ChannelRate channel={c} />
                </td>
                <td>
                  {tailed.has(`${c.sharded ? 'sharded ' : ''}${c.name}`) ? (
                    <span className="muted">tailing</span>
                  ) : (
                    <button
                      type="button"
                      aria-label={`Tail ${c.sharded ? 'sharded ' : ''}${c.name}`}
                      onClick={() => void s.tail(c.name, Boolean(c.sharded))}
                    >
                      Tail
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function SubscribeForm({ s }: { s: BroadcastState }) {
  const [channel, setChannel] = useState('');
  const [isPattern, setIsPattern] = useState(false);
  const [sharded, setSharded] = useState(false);
  const [count, setCount] = useState('1');
  const [problem, setProblem] = useState<string | null>(null);
  const labels = useMemo(() => subscriptionLabels(s.subscriptions), [s.subscriptions]);
  return (
    <section aria-label="Subscribe">
      <form
        noValidate
        className="ss-form-row"
        aria-label="Subscribe form"
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(count);
          const name = keyName.safeParse(channel);
          const p = !name.success
            ? `channel ${name.error.issues[0]?.message}`
            : !Number.isInteger(n) || n < 1 || n > 16
              ? 'subscribers must be a whole number from 1 to 16'
              : sharded && isPattern
                ? 'a sharded subscription names one channel: Redis has no sharded pattern subscription'
                : null;
          setProblem(p);
          if (!p) void s.subscribe(channel, isPattern, n, sharded);
        }}
      >
        <label>
          Channel or pattern <input value={channel} onChange={(e) => setChannel(e.target.value)} placeholder="events.* or orders" />
        </label>
        <label>
          <input type="checkbox" checked={isPattern} onChange={(e) => setIsPattern(e.target.checked)} /> Pattern (glob)
        </label>
        <label title="Redis 7 sharded pub/sub: messages come from the shard that owns the channel's slot">
          <input type="checkbox" checked={sharded} onChange={(e) => setSharded(e.target.checked)} /> Sharded (SSUBSCRIBE)
        </label>
        <label>
          Subscribers{' '}
          <input type="number" min={1} max={16} className="ss-narrow" value={count} onChange={(e) => setCount(e.target.value)} />
        </label>
        <button type="submit">Subscribe</button>
      </form>
      <ErrorMessage error={problem ? { code: 'invalid_args', message: problem } : s.subscribeError} context="Subscribe" />
      {s.subscriptions.length > 0 && (
        <ul className="ss-subs" aria-label="Subscriptions">
          {s.subscriptions.map((sub) => (
            <li key={sub.id}>
              <code>{labels.get(sub.id)}</code> <span className="muted">×{sub.subscribers}</span>{' '}
              <button type="button" aria-label={`Unsubscribe ${labels.get(sub.id)}`} onClick={() => void s.unsubscribe(sub.id)}>
                Unsubscribe
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PublishForm({ s }: { s: BroadcastState }) {
  const ids = useId();
  const [channel, setChannel] = useState('');
  const [json, setJson] = useState('{"hello": "world"}');
  const [sharded, setSharded] = useState(false);
  const payload = useMemo(() => checkPayload(json), [json]);
  const channelProblem = channel === '' ? null : firstProblem(keyName, channel);
  return (
    <section aria-label="Publish to a channel">
      <form
        noValidate
        className="ss-publish-form"
        aria-label="Publish broadcast form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!payload.problem && channel && !channelProblem) void s.publish(channel, json, sharded);
        }}
      >
        <label>
          Publish to channel{' '}
          <input
            value={channel}
            onChange={(e) => setChannel(e.target.value)}
            placeholder="orders.updates"
            aria-invalid={channelProblem ? true : undefined}
          />
        </label>
        {channelProblem ? <p className="field-problem">Channel {channelProblem}</p> : null}
        <label>
          Payload (JSON){' '}
          <textarea
            rows={3}
            value={json}
            onChange={(e) => setJson(e.target.value)}
            spellCheck={false}
            aria-invalid={payload.problem ? true : undefined}
            aria-describedby={`${ids}-payload`}
          />
        </label>
        <PayloadMeter id={`${ids}-payload`} check={payload} />
        <label title="Redis 7 sharded pub/sub: only subscribers of the shard's channel (SSUBSCRIBE) receive it">
          <input type="checkbox" checked={sharded} onChange={(e) => setSharded(e.target.checked)} /> Sharded (SPUBLISH)
        </label>
        <WriteButton type="submit" disabled={!channel || Boolean(channelProblem) || Boolean(payload.problem)}>
          Publish
        </WriteButton>
      </form>
      <ErrorMessage error={s.publishError} context="Publish" />
      {s.lastPublish && (
        <p role="status" className="ss-notice">
          Published to {s.lastPublish.sharded ? 'sharded channel ' : ''}
          {s.lastPublish.channel}: received by {plural(s.lastPublish.receivers, 'subscriber')}
          {s.lastPublish.ownExcluded ? ` (not counting ${OWN_RATE_SUBSCRIPTION})` : ''}
          {s.lastPublish.receivers === 0 ? ' — nobody was listening, so it is gone (pub/sub keeps nothing).' : '.'}
        </p>
      )}
    </section>
  );
}
