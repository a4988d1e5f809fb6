import type { PayloadCheck } from '../state/payloadCheck';
import { formatBytes, formatCount } from '../state/format';

/**
 * Under a payload editor: whether it is valid JSON and its size against the limit, live. Give the
 * editor `aria-describedby={id}` and `aria-invalid` from `check.problem`.
 */
export function PayloadMeter({ id, check, valid = 'Valid JSON.' }: { id: string; check: PayloadCheck; valid?: string }) {
  return (
    <p id={id} className={check.problem ? 'field-problem payload-meter' : 'muted small-note payload-meter'}>
      {check.problem ?? valid}{' '}
      <span className="payload-size">
        {check.bytes > check.limitBytes ? `${formatCount(check.bytes)} B` : formatBytes(check.bytes)} of up to{' '}
        {formatBytes(check.limitBytes)}
      </span>
    </p>
  );
}
