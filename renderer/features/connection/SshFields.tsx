// The SSH section of the profile form: the tunnel's hop and, optionally, a jump host before it.
// Secrets typed here go to the main process and never come back.
import { FileField, Text } from './FieldInputs';
import { HOP_WORDS, type Choose, type HopForm, type ReachForm, type SshAuth } from './reach-form';

function HopFields({ prefix, hop, onChange, choose }: { prefix: string; hop: HopForm; onChange: (hop: HopForm) => void; choose: Choose }) {
  const set = (patch: Partial<HopForm>) => onChange({ ...hop, ...patch });
  return (
    <>
      <Text label={`${prefix} ${HOP_WORDS.host}`} value={hop.host} onChange={(host) => set({ host })} />
      <Text label={`${prefix} ${HOP_WORDS.port}`} value={hop.port} onChange={(port) => set({ port })} />
      <Text label={`${prefix} ${HOP_WORDS.username}`} value={hop.username} onChange={(username) => set({ username })} />
      <label className="field">
        <span>{`${prefix} sign-in`}</span>
        <select value={hop.auth} onChange={(e) => set({ auth: e.target.value as SshAuth })}>
          <option value="key">Private key</option>
          <option value="agent">SSH agent</option>
          <option value="password">Password</option>
        </select>
      </label>
      {hop.auth === 'key' ? (
        <>
          <FileField
            label={`${prefix} ${HOP_WORDS.privateKeyPath}`}
            placeholder="/home/me/.ssh/id_ed25519"
            value={hop.privateKeyPath}
            purpose="sshKey"
            choose={choose}
            onChange={(privateKeyPath) => set({ privateKeyPath })}
          />
          <Text label={`${prefix} key passphrase`} type="password" value={hop.secret} onChange={(secret) => set({ secret })} />
        </>
      ) : null}
      {hop.auth === 'password' ? (
        <Text label={`${prefix} password`} type="password" value={hop.secret} onChange={(secret) => set({ secret })} />
      ) : null}
    </>
  );
}

/** Whether the connection goes through an SSH tunnel, and its hops when it does. */
export function SshFields({ form, onChange, choose }: { form: ReachForm; onChange: (form: ReachForm) => void; choose: Choose }) {
  const setHop = (which: 'ssh' | 'jump', patch: Partial<ReachForm['ssh']>) => onChange({ ...form, [which]: { ...form[which], ...patch } });
  return (
    <fieldset className="profile-section">
      <legend>
        <label>
          <input type="checkbox" checked={form.ssh.enabled} onChange={(e) => setHop('ssh', { enabled: e.target.checked })} /> Connect
          through an SSH tunnel
        </label>
      </legend>
      {form.ssh.enabled ? (
        <>
          <p className="muted">The Redis URL names Redis as the SSH server reaches it (e.g. redis://127.0.0.1:6379).</p>
          <HopFields prefix="SSH" choose={choose} hop={form.ssh} onChange={(hop) => setHop('ssh', hop)} />
          <label className="field">
            <span>
              <input type="checkbox" checked={form.jump.enabled} onChange={(e) => setHop('jump', { enabled: e.target.checked })} /> Through
              a jump host
            </span>
          </label>
          {form.jump.enabled ? <HopFields prefix="Jump" choose={choose} hop={form.jump} onChange={(hop) => setHop('jump', hop)} /> : null}
        </>
      ) : null}
    </fieldset>
  );
}
