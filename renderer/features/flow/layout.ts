// Where the nodes and edges of the flow picture go: stream on the left, its groups in the middle,
// each group's instances on the right; edge width grows with the rate so load is visible at a glance.
import type { FlowSnapshot } from '../../../shared';
import { isDark } from '../instances/instancesStore';
import { lagText } from '../../state/lag';

export const ROW = 50;
export const COLUMN_X = { stream: 16, group: 300, instance: 620 } as const;
export const NODE = { width: 170, height: 28 } as const;
const MIN_EDGE = 1.5;
const MAX_EDGE = 14;

export interface NodeBox {
  key: string;
  kind: 'stream' | 'group' | 'instance';
  label: string;
  x: number;
  y: number;
  dark: boolean;
  hosted?: boolean;
  detail: string;
  /** Instances only: share of the group's deliveries, 0..1. */
  share?: number;
}

export interface Edge {
  key: string;
  from: NodeBox;
  to: NodeBox;
  rate: number;
  width: number;
  dark: boolean;
}

export interface FlowLayout {
  nodes: NodeBox[];
  edges: Edge[];
  width: number;
  height: number;
}

export function layoutFlow(snap: FlowSnapshot): FlowLayout {
  const rows = Math.max(
    1,
    snap.groups.reduce((n, g) => n + Math.max(1, g.instances.length), 0),
  );
  const height = rows * ROW + 16;
  const maxRate = Math.max(1, snap.producedPerSec, ...snap.groups.map((g) => g.deliveredPerSec));
  const width = (r: number) => MIN_EDGE + (MAX_EDGE - MIN_EDGE) * Math.min(1, r / maxRate);
  const stream: NodeBox = {
    key: 'stream',
    kind: 'stream',
    label: snap.stream,
    x: COLUMN_X.stream,
    y: height / 2 - NODE.height / 2,
    dark: false,
    detail: `${snap.producedPerSec.toFixed(1)} msgs/s in · ${snap.length.toLocaleString('en-US')} entries`,
  };
  const nodes: NodeBox[] = [stream];
  const edges: Edge[] = [];
  let row = 0;
  for (const g of snap.groups) {
    const span = Math.max(1, g.instances.length);
    const group: NodeBox = {
      key: `g:${g.group}`,
      kind: 'group',
      label: g.group,
      x: COLUMN_X.group,
      y: 8 + (row + span / 2) * ROW - NODE.height / 2 - 4,
      dark: false,
      detail: `lag ${lagText(g.lag, g.lagSource)}${g.lagSource === 'computed' || g.lagSource === 'at-least' ? ' (computed)' : ''} · pending ${g.pending}`,
    };
    nodes.push(group);
    edges.push({ key: `e:${g.group}`, from: stream, to: group, rate: g.deliveredPerSec, width: width(g.deliveredPerSec), dark: false });
    g.instances.forEach((i, k) => {
      const dark = isDark(i, g.instances);
      const inst: NodeBox = {
        key: `i:${g.group}/${i.instance}`,
        kind: 'instance',
        label: i.instance,
        x: COLUMN_X.instance,
        y: 8 + (row + k) * ROW + (ROW - NODE.height) / 2 - 4,
        dark,
        hosted: i.hosted,
        share: i.share,
        detail: `${i.presence} · ${Math.round(i.share * 100)}% · ${i.inFlight} in flight`,
      };
      nodes.push(inst);
      edges.push({
        key: `e:${g.group}/${i.instance}`,
        from: group,
        to: inst,
        rate: i.deliveredPerSec,
        width: width(i.deliveredPerSec),
        dark,
      });
    });
    row += span;
  }
  return { nodes, edges, width: COLUMN_X.instance + NODE.width + 300, height };
}
