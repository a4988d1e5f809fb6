// The SSH and TLS sections of the profile form. Files (keys, certificates) are named by their path
// on the machine running Streamscope; secrets typed here go to the main process and never come back.
import type { ArgsIn } from '../../../shared/schemas';
import type { FilePurpose } from '../../state/connectionStore';

/** The desktop app's open dialog; undefined in web mode, where paths are typed. */
export type Choose = ((purpose: FilePurpose) => Promise<string | null>) | undefined;

function FileField({
  label,
  value,
  onChange,
  purpose,
  choose,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  purpose: FilePurpose;
  choose: Choose;
  placeholder?: string;
}) {
  return (
    <span className="file-field">
      <Text label={label} value={value} placeholder={placeholder} onChange={onChange} />
      {choose ? (
        <button
          type="button"
          aria-label={`Choose ${label.toLowerCase()}`}
          onClick={() => void choose(purpose).then((path) => path && onChange(path))}
        >
          Choose…
        </button>
      ) : null}
    </span>
  );
}

type SshAuth = 'key' | 'agent' | 'password';

export interface HopForm {
  host: string;
  port: string;
  username: string;
  auth: SshAuth;
  privateKeyPath: string;
  secret: string;
}

export interface ReachForm {
  ssh: HopForm & { enabled: boolean };
  jump: HopForm & { enabled: boolean };
  tls: { enabled: boolean; caPath: string; certPath: string; keyPath: string; servername: string; acceptAnyCertificate: boolean };
}

const emptyHop = (): HopForm => ({ host: '', port: '22', username: '', auth: 'key', privateKeyPath: '', secret: '' });

export const emptyReach = (): ReachForm => ({
  ssh: { ...emptyHop(), enabled: false },
  jump: { ...emptyHop(), enabled: false },
  tls: { enabled: false, caPath: '', certPath: '', keyPath: '', servername: '', acceptAnyCertificate: false },
});

type SaveInput = ArgsIn<'profiles.save'>;

function hopInput(hop: HopForm) {
  return {
    host: hop.host.trim(),
    // Empty means the default; anything else goes to the schema as typed, so "abc" or 70000 is named, not replaced.
    port: hop.port.trim() ? Number(hop.port.trim()) : 22,
    username: hop.username.trim(),
    auth: hop.auth,
    ...(hop.auth === 'key' && hop.privateKeyPath.trim() ? { privateKeyPath: hop.privateKeyPath.trim() } : {}),
    ...(hop.auth !== 'agent' && hop.secret ? { secret: hop.secret } : {}),
  };
}

/** The `ssh` and `tls` fields of profiles.save for what the form holds. */
export function reachInput(form: ReachForm): Pick<SaveInput, 'ssh' | 'tls'> {
  const t = form.tls;
  return {
    ...(form.ssh.enabled ? { ssh: { ...hopInput(form.ssh), ...(form.jump.enabled ? { jump: hopInput(form.jump) } : {}) } } : {}),
    ...(t.enabled
      ? {
          tls: {
            ...(t.caPath.trim() ? { caPath: t.caPath.trim() } : {}),
            ...(t.certPath.trim() ? { certPath: t.certPath.trim() } : {}),
            ...(t.keyPath.trim() ? { keyPath: t.keyPath.trim() } : {}),
            ...(t.servername.trim() ? { servername: t.servername.trim() } : {}),
            rejectUnauthorized: !t.acceptAnyCertificate,
          },
        }
      : {}),
  };
}

function Text({
  label,
  value,
  onChange,
  type = 'text',
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  placeholder?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input type={type} value={value} placeholder={placeholder} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** What the form calls each field of an SSH hop ("SSH host", "Jump private key file"). */
const HOP_WORDS = { host: 'host', port: 'port', username: 'user', privateKeyPath: 'private key file', secret: 'password or passphrase' };
const TLS_WORDS: Record<string, string> = {
  'tls.caPath': 'CA certificate file',
  'tls.certPath': 'Client certificate file',
  'tls.keyPath': 'Client key file',
  'tls.servername': 'Server name (SNI)',
};

/** The label the form shows for a path of the `ssh`/`tls` input, so a problem names the field the user sees. */
export function reachFieldLabel(path: string): string | undefined {
  const hop = /^ssh\.(jump\.)?(host|port|username|privateKeyPath|secret)$/.exec(path);
  if (hop) return `${hop[1] ? 'Jump' : 'SSH'} ${HOP_WORDS[hop[2] as keyof typeof HOP_WORDS]}`;
  return TLS_WORDS[path];
}

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

export function ReachFields({ form, onChange, choose }: { form: ReachForm; onChange: (form: ReachForm) => void; choose: Choose }) {
  const tls = form.tls;
  const setTls = (patch: Partial<ReachForm['tls']>) => onChange({ ...form, tls: { ...tls, ...patch } });
  return (
    <>
      <fieldset className="profile-section">
        <legend>
          <label>
            <input
              type="checkbox"
              checked={form.ssh.enabled}
              onChange={(e) => onChange({ ...form, ssh: { ...form.ssh, enabled: e.target.checked } })}
            />{' '}
            Connect through an SSH tunnel
          </label>
        </legend>
        {form.ssh.enabled ? (
          <>
            <p className="muted">The Redis URL names Redis as the SSH server reaches it (e.g. redis://127.0.0.1:6379).</p>
            <HopFields
              prefix="SSH"
              choose={choose}
              hop={form.ssh}
              onChange={(hop) => onChange({ ...form, ssh: { ...form.ssh, ...hop } })}
            />
            <label className="field">
              <span>
                <input
                  type="checkbox"
                  checked={form.jump.enabled}
                  onChange={(e) => onChange({ ...form, jump: { ...form.jump, enabled: e.target.checked } })}
                />{' '}
                Through a jump host
              </span>
            </label>
            {form.jump.enabled ? (
              <HopFields
                prefix="Jump"
                choose={choose}
                hop={form.jump}
                onChange={(hop) => onChange({ ...form, jump: { ...form.jump, ...hop } })}
              />
            ) : null}
          </>
        ) : null}
      </fieldset>
      <fieldset className="profile-section">
        <legend>
          <label>
            <input type="checkbox" checked={tls.enabled} onChange={(e) => setTls({ enabled: e.target.checked })} />
            <span>Use TLS</span> <span className="muted">(also on for rediss:// URLs)</span>
          </label>
        </legend>
        {tls.enabled ? (
          <>
            <FileField
              purpose="caCertificate"
              choose={choose}
              label={TLS_WORDS['tls.caPath']}
              placeholder="/etc/ssl/redis-ca.pem"
              value={tls.caPath}
              onChange={(caPath) => setTls({ caPath })}
            />
            <FileField
              purpose="clientCertificate"
              choose={choose}
              label={TLS_WORDS['tls.certPath']}
              value={tls.certPath}
              onChange={(certPath) => setTls({ certPath })}
            />
            <FileField
              purpose="clientKey"
              choose={choose}
              label={TLS_WORDS['tls.keyPath']}
              value={tls.keyPath}
              onChange={(keyPath) => setTls({ keyPath })}
            />
            <Text
              label={TLS_WORDS['tls.servername']}
              placeholder="the URL's host"
              value={tls.servername}
              onChange={(servername) => setTls({ servername })}
            />
            <label className="field">
              <span>
                <input
                  type="checkbox"
                  checked={tls.acceptAnyCertificate}
                  onChange={(e) => setTls({ acceptAnyCertificate: e.target.checked })}
                />{' '}
                Accept any server certificate (unsafe: anyone in between can read and change the traffic)
              </span>
            </label>
          </>
        ) : null}
      </fieldset>
    </>
  );
}
