// A group's lag where it is shown (Groups, Instances): the count, a "computed" mark when the console
// counted it because Redis gave none, and how long the oldest entry not yet delivered has waited.
import type { GroupInfo } from '../../../shared';
import { formatAge } from '../../state/format';
import { lagExplanation, lagText } from '../../state/lag';

export function LagValue({ group }: { group: Pick<GroupInfo, 'lag' | 'lagSource' | 'lagNote' | 'lagCountedAt' | 'oldestUndeliveredMs'> }) {
  const counted = group.lagSource === 'computed' || group.lagSource === 'at-least';
  return (
    <span className="ss-lag" title={lagExplanation(group.lagSource, group.lagNote, group.lagCountedAt)}>
      <span className="ss-lag-count">{lagText(group.lag, group.lagSource)}</span>
      {counted && <span className="ss-badge computed">computed</span>}
      {group.oldestUndeliveredMs != null && <span className="muted ss-lag-age"> · oldest {formatAge(group.oldestUndeliveredMs)}</span>}
    </span>
  );
}
