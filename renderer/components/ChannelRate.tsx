// A broadcast channel's msgs/s: measured by the console while the view showing it is open
// (broadcast.measureRates), or "not measured" — never a 0 for an unknown.
import type { BroadcastChannel } from '../../shared';
import { formatRate } from '../state/format';

/** A channel's rate as measured by the console while this view is open, or "not measured". */
export function ChannelRate({ channel }: { channel: BroadcastChannel }) {
  if (channel.messagesPerSec === null) {
    return (
      <span className="num muted" title="Redis counts no messages per channel; the console measures while this view is open (it needs a whole second).">
        not measured
      </span>
    );
  }
  const seconds = channel.measuredForMs ? Math.round(channel.measuredForMs / 1000) : null;
  return (
    <span className="num" title={`Measured by the console over the last ${seconds ?? '?'} s`}>
      {formatRate(channel.messagesPerSec)}
    </span>
  );
}

