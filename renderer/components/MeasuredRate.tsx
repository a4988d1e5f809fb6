// A rate as the console measured it, or "not measured" — never a 0 for an unknown. Broadcast
// channels are measured while the view showing them is open (broadcast.measureRates); a stream's
// msgs/s between two Overview refreshes.
import type { BroadcastChannel } from '../../shared';
import { formatRate } from '../state/format';

export function MeasuredRate({ perSec, how, unmeasured }: { perSec: number | null; how: string; unmeasured: string }) {
  return perSec === null ? (
    <span className="num muted" title={unmeasured}>
      not measured
    </span>
  ) : (
    <span className="num" title={how}>
      {formatRate(perSec)}
    </span>
  );
}

export function ChannelRate({ channel }: { channel: BroadcastChannel }) {
  const seconds = channel.measuredForMs ? Math.round(channel.measuredForMs / 1000) : null;
  return (
    <MeasuredRate
      perSec={channel.messagesPerSec}
      how={`Measured by the console over the last ${seconds ?? '?'} s`}
      unmeasured="Redis counts no messages per channel; the console measures while this view is open (it needs a whole second)."
    />
  );
}
