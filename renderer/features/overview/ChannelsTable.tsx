// The Overview's table of broadcast channels: subscribers and the rate measured while it is open.
import type { BroadcastChannel } from '../../../shared';
import { displayKeyName } from '../../../shared/key-name';
import { ChannelRate } from '../../components/MeasuredRate';
import { Sparkline } from '../../components/Sparkline';
import { formatCount } from '../../state/format';
import type { RateTrends } from '../../state/overviewStore';

interface ChannelsTableProps {
  channels: BroadcastChannel[];
  /** msgs/s history per channel, for the sparklines. */
  rates: RateTrends;
}

export function ChannelsTable({ channels, rates }: ChannelsTableProps) {
  return (
    <table className="grid" aria-label="Broadcast channels">
      <thead>
        <tr>
          <th>Channel</th>
          <th className="num">Subscribers</th>
          <th>msgs/s</th>
        </tr>
      </thead>
      <tbody>
        {channels.map((c) => (
          <tr key={c.name}>
            <td className="mono">{displayKeyName(c.name)}</td>
            <td className="num">{formatCount(c.subscribers)}</td>
            <td>
              <span className="rate">
                <Sparkline values={rates.get(c.name) ?? []} label={`${c.name} msgs/s trend`} />
                <ChannelRate channel={c} />
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
