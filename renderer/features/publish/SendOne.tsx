// Send one message, then say where it went: the new entry's id, or how many received the broadcast.
import type { PublishPayload, PublishState, PublishTarget } from './publishStore';
import { formatCount } from '../../state/format';
import { OWN_RATE_SUBSCRIPTION } from '../../state/measureBroadcastRates';
import { ErrorMessage } from '../../components/ErrorMessage';
import { WriteButton } from '../../components/WriteButton';

interface SendOneProps {
  state: PublishState;
  target: PublishTarget;
  payload: PublishPayload;
  disabled: boolean;
}

export function SendOne({ state: s, target, payload, disabled }: SendOneProps) {
  return (
    <>
      <h2 className="section-title">Send one</h2>
      <div className="toolbar">
        <WriteButton type="button" className="primary" disabled={disabled || s.sending} onClick={() => void s.sendOne(target, payload)}>
          Send
        </WriteButton>
        {target.name === '' ? (
          <span className="muted">Enter a {target.kind === 'stream' ? 'stream' : 'channel'} name above to send.</span>
        ) : null}
        {s.lastSent ? (
          <span role="status" className="ok-text">
            {s.lastSent.kind === 'stream' ? (
              <>
                Added to <code>{s.lastSent.name}</code> as <code>{s.lastSent.id}</code>
              </>
            ) : (
              <>
                Delivered to {formatCount(s.lastSent.receivers)} receiver{s.lastSent.receivers === 1 ? '' : 's'} on{' '}
                <code>{s.lastSent.name}</code>
                {s.lastSent.ownExcluded ? ` (not counting ${OWN_RATE_SUBSCRIPTION})` : ''}
              </>
            )}
          </span>
        ) : null}
      </div>
      <ErrorMessage error={s.sendError} context="Send" />
    </>
  );
}
