// Connect to a URL or a saved profile; save and delete profiles. Passwords go to the main process
// and never come back (profiles only say whether one is stored).
import { useState } from 'react';
import { useStore } from 'zustand';
import { CONNECTION_COLOURS, schemas, type ConnectionColour, type ConnectionProfile } from '../../../shared';
import type { ConnectionStore, ConnectTarget } from '../../state/connectionStore';
import { SwitchConfirm } from './SwitchConfirm';
import { redactUrl } from '../../state/redactUrl';
import { firstProblem } from '../../state/validate';
import { Dialog } from '../../components/Dialog';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { EmptyState } from '../../components/EmptyState';
import { emptyReach, ReachFields, reachInput } from './ReachFields';
import { ConnectionsTransfer } from './ConnectionsTransfer';

/** A saved connection matches a search by its name, host (URL or SSH host) or label. */
const matchesSearch = (p: ConnectionProfile, search: string) => {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return [p.name, redactUrl(p.url), p.ssh?.host ?? '', p.label ?? ''].some((text) => text.toLowerCase().includes(needle));
};

const NO_MARKS = { readOnly: false, label: '', colour: '' as const };

/** `switchTo`: a saved profile to offer switching to at once (the same confirmation as its Connect button). */
export function ProfilesDialog({ store, switchTo, onClose }: { store: ConnectionStore; switchTo?: string; onClose: () => void }) {
  const s = useStore(store);
  const [url, setUrl] = useState('');
  const [urlProblem, setUrlProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ConnectionProfile | null>(null);
  const [form, setForm] = useState({ name: '', url: '', username: '', password: '', keyPrefix: '' });
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const [marks, setMarks] = useState<{ readOnly: boolean; label: string; colour: ConnectionColour | '' }>(NO_MARKS);
  const [reach, setReach] = useState(emptyReach);
  const [search, setSearch] = useState('');
  const shown = s.profiles.filter((p) => matchesSearch(p, search));
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

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const input = {
      name: form.name.trim(),
      url: form.url.trim(),
      ...(form.username ? { username: form.username } : {}),
      ...(form.password ? { password: form.password } : {}),
      ...(form.keyPrefix ? { keyPrefix: form.keyPrefix } : {}),
      ...(marks.readOnly ? { readOnly: true } : {}),
      ...(marks.label.trim() ? { label: marks.label.trim() } : {}),
      ...(marks.colour ? { colour: marks.colour } : {}),
      ...reachInput(reach),
    };
    const problem = firstProblem(schemas['profiles.save'], input);
    setFormProblem(problem);
    if (problem) return;
    if (await s.saveProfile(input)) {
      setForm({ name: '', url: '', username: '', password: '', keyPrefix: '' });
      setMarks(NO_MARKS);
      setReach(emptyReach());
    }
  };

  const field = (key: keyof typeof form, label: string, type = 'text') => (
    <label className="field">
      <span>{label}</span>
      <input type={type} value={form[key]} autoComplete="off" onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );

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
      {s.profiles.length > 0 ? (
        <label className="field">
          <span>Search saved connections</span>
          <input type="search" value={search} placeholder="name, host or label" onChange={(e) => setSearch(e.target.value)} />
        </label>
      ) : null}
      {s.profiles.length === 0 ? (
        <EmptyState title="No saved profiles yet: save one below, or import a connections file, to switch between Redis servers quickly." />
      ) : shown.length === 0 ? (
        <EmptyState title={`No saved connection matches "${search.trim()}" by name, host or label.`} />
      ) : (
        <table className="grid" aria-label="Saved profiles">
          <thead>
            <tr>
              <th>Name</th>
              <th>URL</th>
              <th>User</th>
              <th>Prefix</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr key={p.id} aria-current={s.status?.profileId === p.id ? 'true' : undefined}>
                <td>
                  {p.name}
                  {p.label ? <span className={`badge conn-label conn-label-${p.colour ?? 'grey'}`}>{p.label}</span> : null}
                  {p.readOnly ? <span className="badge conn-read-only">read-only</span> : null}
                </td>
                <td className="mono">
                  {redactUrl(p.url)}
                  {p.hasPassword ? <span className="muted"> (password stored)</span> : null}
                  {p.ssh ? (
                    <span className="muted">
                      {' '}
                      via SSH {p.ssh.jump ? `${p.ssh.jump.host} → ` : ''}
                      {p.ssh.host}
                    </span>
                  ) : null}
                  {p.tls || p.url.startsWith('rediss://') ? (
                    <span className="muted"> (TLS{p.tls?.rejectUnauthorized === false ? ', any certificate' : ''})</span>
                  ) : null}
                </td>
                <td>{p.username ?? ''}</td>
                <td className="mono">{p.keyPrefix ?? ''}</td>
                <td className="actions">
                  <button
                    type="button"
                    aria-label={`Connect to ${p.name}`}
                    disabled={s.busy}
                    onClick={() => setSwitching({ target: { profileId: p.id }, url: p.url })}
                  >
                    Connect
                  </button>
                  <button type="button" aria-label={`Delete profile ${p.name}`} onClick={() => setDeleting(p)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <ConnectionsTransfer store={store} />

      <h3 className="section-title">Save a profile</h3>
      <form className="profile-form" onSubmit={save} aria-label="Save a profile">
        {field('name', 'Profile name')}
        {field('url', 'Profile URL')}
        {field('username', 'Username')}
        {field('password', 'Password', 'password')}
        {field('keyPrefix', 'Key prefix')}
        <label className="field">
          <span>Label</span>
          <input
            value={marks.label}
            placeholder="e.g. production"
            autoComplete="off"
            onChange={(e) => setMarks({ ...marks, label: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Colour</span>
          <select value={marks.colour} onChange={(e) => setMarks({ ...marks, colour: e.target.value as ConnectionColour | '' })}>
            <option value="">none</option>
            {CONNECTION_COLOURS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="field-check">
          <input type="checkbox" checked={marks.readOnly} onChange={(e) => setMarks({ ...marks, readOnly: e.target.checked })} /> Read-only
          (refuse every write to Redis)
        </label>
        <p className="muted profile-marks-hint">
          A connection labelled "production" asks for the stream&apos;s name before destructive actions.
        </p>
        <ReachFields form={reach} onChange={setReach} choose={s.secretStorage?.fileDialog ? s.chooseFile : undefined} />
        <p className="muted">
          {s.secretStorage?.unavailable ??
            (s.secretStorage?.kind === 'memory'
              ? 'Passwords and passphrases are kept in memory only, until Streamscope stops; never on disk.'
              : 'Passwords and passphrases are kept encrypted by the OS keychain, never in the profile file.')}
        </p>
        <button type="submit" disabled={s.busy}>
          Save profile
        </button>
      </form>
      {formProblem ? (
        <p className="field-problem" role="alert">
          {formProblem}
        </p>
      ) : null}
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
