// Top bar: which Redis, its state, a banner while loading, reconnecting or failed (and for a notice), and the profiles dialog.
import { useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from '../../../shared';
import type { WebSocketBridge, WebSocketBridgeState } from '../../../shared/ws-bridge';
import { createConnectionStore, type ConnectionStore } from '../../state/connectionStore';
import { redactUrl } from '../../state/redactUrl';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LazyBoundary, lazyNamed } from '../../components/Lazy';
import { ConnectionMarks, ReadOnlyBanner } from './ConnectionMarks';
import './connection.css';

interface ConnectionBarProps {
  bridge: Bridge;
  store?: ConnectionStore;
  /** Web mode: the socket to the console server, so a lost server is told apart from a lost Redis. */
  socket?: WebSocketBridge | null;
  /** Global actions shown at the right end (the demo button). */
  actions?: ReactNode;
  /** A line under the bar's own banners (the offer to reopen the last session). */
  notice?: ReactNode;
  /** Opens the Connections dialog from elsewhere (the command palette), optionally asking to switch to a profile. */
  connectionsRequest?: ConnectionsRequest | null;
}

/** A new object each time, so asking twice for the same thing opens the dialog twice. */
export interface ConnectionsRequest {
  profileId?: string;
}

// The profiles dialog (and the zod schemas its form validates with) loads when first opened.
const ProfilesDialog = lazyNamed(() => import('./ProfilesDialog'), 'ProfilesDialog');

export function ConnectionBar({ bridge, store: given, socket, actions, notice, connectionsRequest }: ConnectionBarProps) {
  const [store] = useState(() => given ?? createConnectionStore(bridge));
  const status = useStore(store, (s) => s.status);
  const statusError = useStore(store, (s) => s.statusError);
  const previous = useStore(store, (s) => s.previous);
  const busy = useStore(store, (s) => s.busy);
  const [profilesOpen, setProfilesOpen] = useState(false);
  const [switchTo, setSwitchTo] = useState<string | undefined>(undefined);
  // A new request opens the dialog (state adjusted while rendering, as React advises for prop changes).
  const [seenRequest, setSeenRequest] = useState(connectionsRequest);
  if (connectionsRequest !== seenRequest) {
    setSeenRequest(connectionsRequest);
    if (connectionsRequest) {
      setSwitchTo(connectionsRequest.profileId);
      setProfilesOpen(true);
    }
  }
  const [dismissedNotice, setDismissedNotice] = useState<string | undefined>(undefined);
  const [server, setServer] = useState<{ state: WebSocketBridgeState; reason?: string }>({ state: socket?.state() ?? 'open' });

  useEffect(() => {
    if (!socket) return;
    let wasDown = false;
    return socket.onState((state, reason) => {
      setServer({ state, reason });
      // Redis state may have changed while the server was unreachable.
      if (state === 'open' && wasDown) void store.getState().load();
      wasDown = state !== 'open';
    });
  }, [socket, store]);

  useEffect(() => {
    const unsubscribe = store.getState().subscribe();
    void store.getState().load();
    return unsubscribe;
  }, [store]);

  const state = status?.state ?? 'connecting';
  return (
    <header className={status?.colour ? `connection-bar conn-colour-${status.colour}` : 'connection-bar'} aria-label="Connection">
      <div className="connection-row">
        <span className="brand">Streamscope</span>
        <span className={`conn-state conn-${state}`} role="status" aria-label={`Redis ${state}`}>
          <span className="dot" aria-hidden="true" />
          {state}
        </span>
        {status ? (
          <span className="conn-url mono" title="Redis URL (password never shown)">
            {redactUrl(status.url)}
          </span>
        ) : null}
        {status?.embedded ? (
          <span
            className="badge badge-embedded"
            title="Nothing answered at the configured URL, so the console started its own private redis-server"
          >
            embedded Redis
          </span>
        ) : null}
        {status?.redisVersion ? <span className="muted">Redis {status.redisVersion}</span> : null}
        {status?.keyPrefix ? <span className="badge">prefix {status.keyPrefix}</span> : null}
        <ConnectionMarks status={status} />
        <span className="spacer" />
        <button
          type="button"
          onClick={() => {
            setSwitchTo(undefined);
            setProfilesOpen(true);
          }}
        >
          Connections…
        </button>
        {actions}
      </div>
      {socket && server.state !== 'open' && server.reason ? (
        <div className="conn-banner conn-banner-failed" role="alert">
          {server.state === 'connecting'
            ? 'Lost the connection to the Streamscope server; reconnecting'
            : 'Disconnected from the Streamscope server'}
          {server.reason ? ` (${server.reason})` : ''}
        </div>
      ) : null}
      {status?.state === 'reconnecting' ? (
        <div className="conn-banner conn-banner-reconnecting" role="alert">
          Reconnecting to Redis{status.reason ? `: ${status.reason}` : ''}
        </div>
      ) : null}
      {status?.state === 'loading' ? (
        <div className="conn-banner conn-banner-loading" role="status" aria-label="Loading progress">
          {status.reason ?? 'Redis is loading its dataset'}; the views fill in once it is ready.
        </div>
      ) : null}
      {status?.state === 'failed' ? (
        <div className="conn-banner conn-banner-failed" role="alert">
          <span>
            {status.reason?.startsWith('Could not reach')
              ? status.reason
              : `Connection to Redis failed${status.reason ? `: ${status.reason}` : ''}`}
          </span>
          <span className="conn-banner-actions">
            {status.unknownHostKey ? (
              <button type="button" disabled={busy} onClick={() => void store.getState().trustHostKey(status.unknownHostKey!)}>
                Trust host key {status.unknownHostKey.fingerprint} and connect
              </button>
            ) : null}
            <button type="button" disabled={busy} onClick={() => void store.getState().retry()}>
              Retry
            </button>
            {previous && previous.url !== status.url ? (
              <button type="button" disabled={busy} onClick={() => void store.getState().back()}>
                Back to {redactUrl(previous.url)}
              </button>
            ) : null}
          </span>
        </div>
      ) : null}
      {status?.notice && status.notice !== dismissedNotice ? (
        <div className="conn-banner conn-banner-notice" role="status" aria-label="Connection notice">
          <span>{status.notice}</span>
          <button type="button" onClick={() => setDismissedNotice(status.notice)}>
            Dismiss
          </button>
        </div>
      ) : null}
      <ReadOnlyBanner status={status} />
      {notice}
      <ErrorMessage error={statusError} context="Connection status" />
      {profilesOpen && (
        <LazyBoundary what="connection profiles">
          <ProfilesDialog store={store} switchTo={switchTo} onClose={() => setProfilesOpen(false)} />
        </LazyBoundary>
      )}
    </header>
  );
}
