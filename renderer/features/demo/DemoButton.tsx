// Global one-click demo: start a scenario on the connected Redis; stopping removes it, so it asks.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { DemoStore } from './demoStore';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { WriteButton } from '../../components/WriteButton';

export function DemoButton({ store }: { store: DemoStore }) {
  const { status, busy, error } = useStore(store);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    const unsubscribe = store.getState().subscribe();
    void store.getState().load();
    return unsubscribe;
  }, [store]);

  const running = status?.running ?? false;
  return (
    <span className="demo-control">
      {running ? (
        <WriteButton type="button" onClick={() => setConfirming(true)} disabled={busy}>
          Stop demo
        </WriteButton>
      ) : (
        <WriteButton type="button" className="primary" onClick={() => void store.getState().start()} disabled={busy}>
          Start demo
        </WriteButton>
      )}
      {!confirming && <ErrorMessage error={error} context="Demo" />}
      {confirming && (
        <ConfirmDialog
          title="Stop the demo?"
          confirmLabel="Stop and remove demo"
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            if (await store.getState().stop()) setConfirming(false);
          }}
        >
          This stops the demo producer and its hosted instances and removes
          {status?.stream ? (
            <>
              {' '}
              the stream <code>{status.stream}</code>
            </>
          ) : (
            ' its stream'
          )}
          {status?.channel ? (
            <>
              {' '}
              and the channel <code>{status.channel}</code>
            </>
          ) : null}
          .
          <ErrorMessage error={error} />
        </ConfirmDialog>
      )}
    </span>
  );
}
