// In the top bar while the console listens on broadcast channels for this window: how many
// subscriptions run, and a way to see and end them from any view (they outlive the Broadcast view).
import { useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { Dialog } from '../../components/Dialog';
import { plural } from '../../state/format';
import type { BroadcastState } from './broadcastStore';
import { subscriptionLabels } from './fanout';

export function SubscriptionsBadge({ store, onOpenView }: { store: StoreApi<BroadcastState>; onOpenView?: () => void }) {
  const subscriptions = useStore(store, (s) => s.subscriptions);
  const [open, setOpen] = useState(false);
  if (subscriptions.length === 0 && !open) return null;
  const labels = subscriptionLabels(subscriptions);
  const connections = subscriptions.reduce((n, sub) => n + sub.subscribers, 0);
  return (
    <>
      <button
        type="button"
        className="subscriptions-badge"
        onClick={() => setOpen(true)}
        title="Broadcast subscriptions of this window: they run until you end them"
      >
        {plural(subscriptions.length, 'subscription')}
      </button>
      {open && (
        <Dialog title="Broadcast subscriptions" onClose={() => setOpen(false)}>
          {subscriptions.length === 0 ? (
            <p className="muted">No broadcast subscription runs.</p>
          ) : (
            <>
              <p className="muted">
                {plural(subscriptions.length, 'subscription')} with {plural(connections, 'subscriber connection')} to Redis. They keep the
                live tail filling while you look at other views, until you end them.
              </p>
              <ul className="subscriptions-list" aria-label="Running subscriptions">
                {subscriptions.map((sub) => (
                  <li key={sub.id}>
                    <code>{labels.get(sub.id)}</code> <span className="muted">×{sub.subscribers}</span>{' '}
                    <button
                      type="button"
                      aria-label={`End ${labels.get(sub.id)}`}
                      onClick={() => void store.getState().unsubscribe(sub.id)}
                    >
                      End
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="dialog-actions">
            {onOpenView && (
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  onOpenView();
                }}
              >
                Open Broadcast
              </button>
            )}
            {subscriptions.length > 0 && (
              <button type="button" className="danger" onClick={() => void store.getState().unsubscribeAll()}>
                End all
              </button>
            )}
            <button type="button" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
