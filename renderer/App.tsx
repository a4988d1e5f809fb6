// The shell: connection bar on top, navigation on the left (views and every stream), the
// selected view in the main area. Stores that several views share are created here.
import { useEffect, useMemo, useState } from 'react';
import { usePageVisible } from './state/usePageVisible';
import { useStore } from 'zustand';
import type { Bridge } from '../shared';
import type { WebSocketBridge } from '../shared/ws-bridge';
import { createOverviewStore } from './state/overviewStore';
import { createDemoStore } from './features/demo/demoStore';
import { createAlertsStore } from './state/alertsStore';
import { createBroadcastStore } from './features/broadcast/broadcastStore';
import { SubscriptionsBadge } from './features/broadcast/SubscriptionsBadge';
import { DemoButton } from './features/demo';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ConnectionBar, LastSession, type ConnectionsRequest } from './features/connection';
import { Overview } from './features/overview';
import { LazyBoundary, lazyNamed } from './components/Lazy';
import { createConnectionStore } from './state/connectionStore';
import { ConnectionSafetyContext, safetyOf } from './state/connectionSafety';
import { KeyboardLayer, type PaletteTarget } from './features/palette';
import { Navigation } from './Navigation';
import { arrive, useViewInAddress } from './viewInAddress';
import { hashToView, viewToHash } from './state/location';

// Only the Overview is on the first screen; the other views are chunks of their own.
const StreamView = lazyNamed(() => import('./features/stream'), 'StreamView');
const PublishPanel = lazyNamed(() => import('./features/publish'), 'PublishPanel');
const BroadcastView = lazyNamed(() => import('./features/broadcast'), 'BroadcastView');

export type { View } from './viewInAddress';

export function App({ bridge, socket = null }: { bridge: Bridge; socket?: WebSocketBridge | null }) {
  const overview = useMemo(() => createOverviewStore(bridge), [bridge]);
  const demo = useMemo(() => createDemoStore(bridge), [bridge]);
  // Broadcast subscriptions and their tail live as long as the app, not the Broadcast view.
  const broadcast = useMemo(() => createBroadcastStore(bridge), [bridge]);
  useEffect(() => broadcast.getState().listen(), [broadcast]);
  // The connection in use: its read-only mark, label and colour reach every view.
  const connection = useMemo(() => createConnectionStore(bridge), [bridge]);
  const connectionStatus = useStore(connection, (s) => s.status);
  const profiles = useStore(connection, (s) => s.profiles);
  const [connectionsRequest, setConnectionsRequest] = useState<ConnectionsRequest | null>(null);
  const safety = useMemo(() => safetyOf(connectionStatus), [connectionStatus]);
  // Alerts are checked by the console; the page follows them (and, in web mode, shows browser notifications).
  const alerts = useMemo(() => createAlertsStore(bridge, { pageNotifications: socket !== null }), [bridge, socket]);
  useEffect(() => alerts.getState().listen(), [alerts]);
  const streams = useStore(overview, (s) => s.streams);
  const demoBusy = useStore(demo, (s) => s.busy);
  const demoRunning = useStore(demo, (s) => s.status?.running === true);
  const [view, setView] = useViewInAddress();
  // A link or a reload keeps its own place; only a plain start is offered the last session.
  const [startedWithLink] = useState(() => window.location.hash.length > 1);

  // The console's own polling must stay light (RedisInsight#3627): fast only while the overview
  // is on screen, slow for the navigation list otherwise, none while the window is hidden.
  const pollMs = view.kind === 'overview' ? 2000 : 10_000;
  const visible = usePageVisible();
  useEffect(() => (visible ? overview.getState().start(pollMs) : undefined), [overview, pollMs, visible]);

  // A switch to another Redis starts from a clean slate: nothing listed from the one left behind,
  // no view of a stream that may not exist there; once the new one answers, list it and the demo.
  useEffect(
    () =>
      bridge.on('connection.state', (status) => {
        if (status.state === 'connecting') {
          overview.getState().reset();
          setView({ kind: 'overview' });
        } else if (status.state === 'ready') {
          void overview.getState().refresh();
          void demo.getState().load();
        }
      }),
    [bridge, overview, demo, setView],
  );

  // The command palette's and shortcuts' destinations; a channel is tailed on the Broadcast view.
  const go = (target: PaletteTarget) => {
    if (target.kind === 'broadcast' && target.channel) void broadcast.getState().tail(target.channel);
    setView(target.kind === 'broadcast' ? { kind: 'broadcast' } : target.kind === 'stream' ? { ...target, visit: Date.now() } : target);
  };
  const paletteActions = [
    { id: 'refresh', label: 'Refresh the stream list', run: () => void overview.getState().refresh() },
    { id: 'connections', label: 'Connections…', run: () => setConnectionsRequest({}) },
    ...profiles.map((p) => ({
      id: `connect-${p.id}`,
      label: `Connect to ${p.name}`,
      run: () => setConnectionsRequest({ profileId: p.id }),
    })),
    demoRunning
      ? { id: 'demo', label: 'Stop the demo', write: true, run: () => void demo.getState().stop() }
      : { id: 'demo', label: 'Start the demo', write: true, run: () => void demo.getState().start() },
  ];

  const shell = (
    <div className="app">
      <ConnectionBar
        bridge={bridge}
        store={connection}
        socket={socket}
        connectionsRequest={connectionsRequest}
        notice={
          <LastSession
            store={connection}
            hash={viewToHash(view)}
            startedWithLink={startedWithLink}
            onView={(hash) => setView(arrive(hashToView(hash)))}
          />
        }
        actions={
          <>
            <SubscriptionsBadge store={broadcast} onOpenView={() => setView({ kind: 'broadcast' })} />
            <DemoButton store={demo} />
          </>
        }
      />
      <Navigation view={view} onView={setView} streams={streams} />
      <main className="main">
        <ErrorBoundary key={view.kind === 'stream' ? `stream:${view.stream}` : view.kind} what="This view">
          {view.kind === 'overview' && (
            <Overview
              bridge={bridge}
              store={overview}
              onOpenStream={(stream) => setView({ kind: 'stream', stream })}
              onPublish={() => setView({ kind: 'publish' })}
              onStartDemo={async () => {
                if (await demo.getState().start()) void overview.getState().refresh();
              }}
              demoBusy={demoBusy}
              alerts={alerts}
            />
          )}
          <LazyBoundary what={view.kind === 'stream' ? `stream ${view.stream}` : `the ${view.kind} view`}>
            {view.kind === 'broadcast' && <BroadcastView bridge={bridge} store={broadcast} />}
            {view.kind === 'publish' && <PublishPanel bridge={bridge} streams={streams.map((s) => s.name)} />}
            {view.kind === 'stream' && (
              <StreamView
                key={`${view.stream}\u0000${view.visit ?? 0}`}
                bridge={bridge}
                stream={view.stream}
                initialTab={view.tab}
                initialEntry={view.entry}
                initialGroup={view.group}
                onPlace={({ tab, entry }) =>
                  setView((v) =>
                    v.kind === 'stream' && v.stream === view.stream
                      ? { ...v, tab, ...(entry ? { entry } : { entry: undefined }), group: undefined }
                      : v,
                  )
                }
              />
            )}
          </LazyBoundary>
        </ErrorBoundary>
      </main>
      <KeyboardLayer
        bridge={bridge}
        streams={streams.map((s) => s.name)}
        currentStream={view.kind === 'stream' ? view.stream : null}
        actions={paletteActions}
        onGo={go}
      />
    </div>
  );
  return <ConnectionSafetyContext.Provider value={safety}>{shell}</ConnectionSafetyContext.Provider>;
}
