// The TLS section of the profile form: CA, client certificate and key files, the server name, and
// whether any server certificate is accepted.
import type { FilePurpose } from '../../state/connectionStore';
import { FileField, Text } from './FieldInputs';
import { TLS_WORDS, type Choose, type ReachForm } from './reach-form';

/** The files a TLS connection may name: the CA that signed the server's certificate, and the client's own. */
const TLS_FILES: Array<{ field: 'caPath' | 'certPath' | 'keyPath'; purpose: FilePurpose; placeholder?: string }> = [
  { field: 'caPath', purpose: 'caCertificate', placeholder: '/etc/ssl/redis-ca.pem' },
  { field: 'certPath', purpose: 'clientCertificate' },
  { field: 'keyPath', purpose: 'clientKey' },
];

export function TlsFields({ tls, onChange, choose }: { tls: ReachForm['tls']; onChange: (tls: ReachForm['tls']) => void; choose: Choose }) {
  const setTls = (patch: Partial<ReachForm['tls']>) => onChange({ ...tls, ...patch });
  return (
    <fieldset className="profile-section">
      <legend>
        <label>
          <input type="checkbox" checked={tls.enabled} onChange={(e) => setTls({ enabled: e.target.checked })} />
          <span>Use TLS</span> <span className="muted">(also on for rediss:// URLs)</span>
        </label>
      </legend>
      {tls.enabled ? (
        <>
          {TLS_FILES.map(({ field, purpose, placeholder }) => (
            <FileField
              key={field}
              purpose={purpose}
              choose={choose}
              label={TLS_WORDS[`tls.${field}`]}
              placeholder={placeholder}
              value={tls[field]}
              onChange={(path) => setTls({ [field]: path })}
            />
          ))}
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
  );
}
