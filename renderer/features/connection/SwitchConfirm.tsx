// Before the console leaves one Redis for another: say what stops on the one it leaves (the demo
// and what it made, hosted instances, every window's live feeds), then switch only when confirmed.
import { useEffect, useState } from 'react';
import type { ConnectionStore, SwitchImpact } from '../../state/connectionStore';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { plural } from '../../state/format';
import { redactUrl } from '../../state/redactUrl';

export function SwitchConfirm({
  store,
  to,
  onCancel,
  onConfirm,
}: {
  store: ConnectionStore;
  to: string;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const [impact, setImpact] = useState<SwitchImpact | null>(null);
  useEffect(() => {
    let live = true;
    void store
      .getState()
      .switchImpact()
      .then((i) => live && setImpact(i));
    return () => {
      live = false;
    };
  }, [store]);
  const from = store.getState().status?.url;
  const hostedNames = impact?.hosted.map((h) => `${h.instance} (${h.group})`) ?? [];
  return (
    <ConfirmDialog
      title={`Switch to ${redactUrl(to)}?`}
      confirmLabel="Switch connection"
      busy={impact === null}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>
        The console leaves {from ? <code>{redactUrl(from)}</code> : 'the current Redis'} for <code>{redactUrl(to)}</code>. On the Redis it
        leaves, this stops:
      </p>
      {impact === null ? (
        <p className="muted" role="status">
          Checking what runs…
        </p>
      ) : (
        <ul className="switch-impact" aria-label="What stops">
          {impact.demo ? (
            <li>
              the demo: its producer and instances stop, and its stream <code>{impact.demo.stream}</code> and channel{' '}
              <code>{impact.demo.channel}</code> are deleted
            </li>
          ) : null}
          {impact.hosted.length > 0 ? (
            <li title={hostedNames.join(', ')}>
              {plural(impact.hosted.length, 'hosted instance')} {impact.hosted.length === 1 ? 'leaves its group' : 'leave their groups'}{' '}
              (entries they hold stay pending for others to claim)
            </li>
          ) : null}
          <li>every window’s live tails, flow watches and broadcast subscriptions (charts start a new history)</li>
          {impact.unknown ? <li>anything else the console could not list just now (Redis did not answer)</li> : null}
        </ul>
      )}
    </ConfirmDialog>
  );
}
