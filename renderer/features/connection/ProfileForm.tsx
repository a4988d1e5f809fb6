// Save a profile: URL and credentials, folder, safety marks (read-only, label, colour), SSH and TLS.
// Checked with the schema profiles.save uses; a problem names the field as the form labels it.
import { useId, useState } from 'react';
import { useStore } from 'zustand';
import { CONNECTION_COLOURS, schemas, type ConnectionColour } from '../../../shared';
import type { ConnectionStore } from '../../state/connectionStore';
import { firstIssue } from '../../state/validate';
import { emptyReach, reachFieldLabel, reachInput } from './reach-form';
import { SshFields } from './SshFields';
import { TlsFields } from './TlsFields';

const EMPTY = { name: '', url: '', username: '', password: '', keyPrefix: '', folder: '', label: '' };
type Texts = typeof EMPTY;
const WORDS: Record<keyof Texts, string> = {
  name: 'Profile name',
  url: 'Profile URL',
  username: 'Username',
  password: 'Password',
  keyPrefix: 'Key prefix',
  folder: 'Folder',
  label: 'Label',
};

export function ProfileForm({ store }: { store: ConnectionStore }) {
  const s = useStore(store);
  const ids = useId();
  const [form, setForm] = useState(EMPTY);
  const [readOnly, setReadOnly] = useState(false);
  const [colour, setColour] = useState<ConnectionColour | ''>('');
  const [reach, setReach] = useState(emptyReach);
  const [problem, setProblem] = useState<string | null>(null);
  // The desktop app's open dialog for key and certificate files; in web mode paths are typed.
  const chooseFile = s.secretStorage?.fileDialog ? s.chooseFile : undefined;
  const folders = [...new Set(s.profiles.flatMap((p) => (p.folder ? [p.folder] : [])))].sort();

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const optional = (key: keyof Texts, value = form[key].trim()) => (value ? { [key]: value } : {});
    const input = {
      name: form.name.trim(),
      url: form.url.trim(),
      ...optional('username', form.username),
      ...optional('password', form.password),
      ...optional('keyPrefix', form.keyPrefix),
      ...optional('folder'),
      ...optional('label'),
      ...(readOnly ? { readOnly: true } : {}),
      ...(colour ? { colour } : {}),
      ...reachInput(reach),
    };
    const issue = firstIssue(schemas['profiles.save'], input);
    const label = issue && (WORDS[issue.path as keyof Texts] ?? reachFieldLabel(issue.path) ?? issue.path);
    setProblem(issue ? (label ? `${label}: ${issue.message}` : issue.message) : null);
    if (issue) return;
    if (await s.saveProfile(input)) {
      setForm(EMPTY);
      setReadOnly(false);
      setColour('');
      setReach(emptyReach());
    }
  };

  const field = (key: keyof Texts, type = 'text', extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="field">
      <span>{WORDS[key]}</span>
      <input type={type} value={form[key]} autoComplete="off" onChange={(e) => setForm({ ...form, [key]: e.target.value })} {...extra} />
    </label>
  );

  return (
    <>
      <form className="profile-form" onSubmit={save} aria-label="Save a profile" noValidate>
        {field('name')}
        {field('url')}
        {field('username')}
        {field('password', 'password')}
        {field('keyPrefix')}
        {field('folder', 'text', { list: `${ids}-folders`, placeholder: 'e.g. staging' })}
        <datalist id={`${ids}-folders`}>
          {folders.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
        {field('label', 'text', { placeholder: 'e.g. production' })}
        <label className="field">
          <span>Colour</span>
          <select value={colour} onChange={(e) => setColour(e.target.value as ConnectionColour | '')}>
            <option value="">none</option>
            {CONNECTION_COLOURS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="field-check">
          <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} /> Read-only (refuse every write to
          Redis)
        </label>
        <p className="muted profile-marks-hint">
          A connection labelled &quot;production&quot; asks for the stream&apos;s name before destructive actions, and is never reopened
          without a click.
        </p>
        <SshFields form={reach} onChange={setReach} choose={chooseFile} />
        <TlsFields tls={reach.tls} onChange={(tls) => setReach({ ...reach, tls })} choose={chooseFile} />
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
      {problem ? (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}
