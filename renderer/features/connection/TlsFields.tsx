// The TLS section of the profile form: CA, client certificate and key files, the server name, and
// whether any server certificate is accepted.
import { FileField, Text } from './FieldInputs';
import { TLS_WORDS, type Choose, type ReachForm } from './reach-form';

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
  );
}
