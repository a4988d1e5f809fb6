// How the joined instance consumes: delivery mode and its bounds, simulated processing delay and
// failures, ack mode, where it starts, and when entries are claimed or dead-lettered.
import { SUBSCRIPTION_DEFAULTS } from '../../../shared';
import { formatCount } from '../../state/format';
import type { FormUpdate, JoinForm } from './joinForm';

export function ConsumerSettings({ form, onChange }: { form: JoinForm; onChange: FormUpdate }) {
  return (
    <>
      <fieldset>
        <legend>Delivery mode</legend>
        <label>
          <input type="radio" name="mode" checked={form.mode === 'immediate'} onChange={() => onChange('mode')('immediate')} /> Immediate
        </label>
        <label>
          <input type="radio" name="mode" checked={form.mode === 'batched'} onChange={() => onChange('mode')('batched')} /> Batched
        </label>
        {form.mode === 'immediate' ? (
          <label>
            Concurrency <input type="number" min={1} value={form.concurrency} onChange={(e) => onChange('concurrency')(e.target.value)} />
          </label>
        ) : (
          <>
            <label>
              Max latency (ms){' '}
              <input type="number" min={1} value={form.maxLatencyMs} onChange={(e) => onChange('maxLatencyMs')(e.target.value)} />
            </label>
            <label>
              Max batch size{' '}
              <input type="number" min={1} value={form.maxBatchSize} onChange={(e) => onChange('maxBatchSize')(e.target.value)} />
            </label>
          </>
        )}
      </fieldset>
      <label>
        Processing delay (ms){' '}
        <input type="number" min={0} value={form.processingDelayMs} onChange={(e) => onChange('processingDelayMs')(e.target.value)} />
      </label>
      <label>
        Failure rate (%){' '}
        <input type="number" min={0} max={100} value={form.failurePercent} onChange={(e) => onChange('failurePercent')(e.target.value)} />
      </label>
      <label>
        Ack mode
        <select value={form.ackMode} onChange={(e) => onChange('ackMode')(e.target.value as JoinForm['ackMode'])}>
          <option value="auto">auto — ack after processing</option>
          <option value="never">never — leave entries pending</option>
        </select>
      </label>
      <label>
        Start from
        <select value={form.from} onChange={(e) => onChange('from')(e.target.value as JoinForm['from'])}>
          <option value="$">$ — only new entries</option>
          <option value="0">0 — the whole stream</option>
        </select>
      </label>
      <label>
        Claim entries idle over (ms){' '}
        <input
          type="number"
          min={0}
          value={form.claimIdleMs}
          onChange={(e) => onChange('claimIdleMs')(e.target.value)}
          placeholder={`${formatCount(SUBSCRIPTION_DEFAULTS.claimIdleMs)} ms (default)`}
        />
      </label>
      <label>
        Dead-letter after deliveries{' '}
        <input
          type="number"
          min={1}
          value={form.maxDeliveries}
          onChange={(e) => onChange('maxDeliveries')(e.target.value)}
          placeholder={`${SUBSCRIPTION_DEFAULTS.maxDeliveries} (default)`}
        />
      </label>
    </>
  );
}
