// Connect to a URL or a saved profile; save, delete, export and import profiles; choose what a start
// does with the last session. Passwords go to the main process and never come back (profiles only
// say whether one is stored).
import { useState } from 'react';
import { useStore } from 'zustand';
import { schemas, type ConnectionProfile } from '../../../shared';
import type { ConnectionStore, ConnectTarget } from '../../state/connectionStore';
import { firstProblem } from '../../state/validate';
import { Dialog } from '../../components/Dialog';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SwitchConfirm } from './SwitchConfirm';
import { SavedProfiles } from './SavedProfiles';
import { ProfileForm } from './ProfileForm';
import { ConnectionsTransfer } from './ConnectionsTransfer';
import { ReopenSetting } from './ReopenSetting';

/** `switchTo`: a saved profile to offer switching to at once (the same confirmation as its Connect button). */
export function ProfilesDialog({ store, switchTo, onClose }: { store: ConnectionStore; switchTo?: string; onClose: () => void }) {
  const s = useStore(store);
  const [url, setUrl] = useState('');
  const [urlProblem, setUrlProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ConnectionProfile | null>(null);
  /** A connect waiting for the user to read what it stops. */
  const [switching, setSwitching] = useState<{ target: ConnectTarget; url: string } | null>(() => {
    const profile = switchTo === undefined ? undefined : store.getState().profiles.find((p) => p.id === switchTo);
    return profile ? { target: { profileId: profile.id }, url: profile.url } : null;
  });
  const connect = async (target: ConnectTarget) => {
    setSwitching(null);
    if (await s.connect(target)) onClose();
  };

  const connectUrl = async (e: React.FormEvent) => {
    e.preventDefault();
    const problem = firstProblem(schemas['connection.connect'], { url });
    setUrlProblem(problem);
    if (problem) return;
    setSwitching({ target: { url }, url });
  };

  return (
    <Dialog title="Connections" onClose={onClose} className="profiles-dialog">
      <form className="inline-form" onSubmit={connectUrl} aria-label="Connect to a URL">
        <label className="field grow">
          <span>Redis URL</span>
          <input
            value={url}
            placeholder="redis://127.0.0.1:6379"
            onChange={(e) => setUrl(e.target.value)}
            aria-invalid={urlProblem ? true : undefined}
          />
        </label>
        <button type="submit" className="primary" disabled={s.busy}>
          Connect
        </button>
      </form>
      {urlProblem ? (
        <p className="field-problem" role="alert">
          {urlProblem}
        </p>
      ) : null}

      <h3 className="section-title">Saved profiles</h3>
      <SavedProfiles
        profiles={s.profiles}
        currentId={s.status?.profileId}
        busy={s.busy}
        onConnect={(p) => setSwitching({ target: { profileId: p.id }, url: p.url })}
        onDelete={setDeleting}
      />
      <ReopenSetting />

      <ConnectionsTransfer store={store} />

      <h3 className="section-title">Save a profile</h3>
      <ProfileForm store={store} />
      <ErrorMessage error={s.actionError} />

      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>

      {switching && (
        <SwitchConfirm
          store={store}
          to={switching.url}
          onCancel={() => setSwitching(null)}
          onConfirm={() => void connect(switching.target)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete profile ${deleting.name}?`}
          confirmLabel="Delete profile"
          onCancel={() => setDeleting(null)}
          onConfirm={async () => {
            await s.deleteProfile(deleting.id);
            setDeleting(null);
          }}
        >
          The saved URL{deleting.hasPassword ? ' and password' : ''} for {deleting.name} will be forgotten. Redis itself is not touched.
        </ConfirmDialog>
      )}
    </Dialog>
  );
}
