// The live SVG: stream → groups → instances, each edge labelled with msgs/s and as wide as its rate.
import { useState } from 'react';
import type { FlowSnapshot } from '../../../shared';
import { rate } from '../instances/format';
import { layoutFlow, NODE, type Edge, type NodeBox } from './layout';

export function FlowPicture({ snapshot }: { snapshot: FlowSnapshot }) {
  const { nodes, edges, width, height } = layoutFlow(snapshot);
  const dark = nodes.filter((n) => n.dark).map((n) => n.label);
  // The node whose full name shows above it: the one with keyboard focus, else the one under the pointer.
  const [focused, setFocused] = useState<string | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);
  const shown = nodes.find((n) => n.key === (focused ?? hovered));
  return (
    <svg
      className="ss-flow"
      role="group"
      aria-label={`Delivery flow of ${snapshot.stream}: ${snapshot.groups.length} group(s)${dark.length ? `; not receiving: ${dark.join(', ')}` : ''}`}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
    >
      {edges.map((e) => (
        <EdgeView key={e.key} edge={e} />
      ))}
      {nodes.map((n) => (
        <NodeView
          key={n.key}
          node={n}
          onFocus={() => setFocused(n.key)}
          onBlur={() => setFocused((k) => (k === n.key ? null : k))}
          onEnter={() => setHovered(n.key)}
          onLeave={() => setHovered((k) => (k === n.key ? null : k))}
        />
      ))}
      {shown && <FullName node={shown} svgWidth={width} />}
    </svg>
  );
}

function EdgeView({ edge }: { edge: Edge }) {
  const x1 = edge.from.x + NODE.width;
  const y1 = edge.from.y + NODE.height / 2;
  const x2 = edge.to.x;
  const y2 = edge.to.y + NODE.height / 2;
  const mid = (x1 + x2) / 2;
  const label = `${rate(edge.rate)} msgs/s`;
  return (
    <g className={`ss-flow-edge${edge.dark ? ' dark' : ''}${edge.rate > 0 ? ' moving' : ''}`} data-edge={edge.key} data-rate={edge.rate}>
      <title>{`${edge.from.label} → ${edge.to.label}: ${label}`}</title>
      <path d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`} strokeWidth={edge.width} fill="none" />
      <text x={x2 - 8} y={y2 - Math.max(5, edge.width / 2 + 3)} textAnchor="end">
        {label}
      </text>
    </g>
  );
}

interface NodeHandlers {
  onFocus: () => void;
  onBlur: () => void;
  onEnter: () => void;
  onLeave: () => void;
}

/** A node's description, its name in full: the accessible name and the pointer's tooltip. */
const describe = (node: NodeBox) => `${node.kind} ${node.label}: ${node.detail}${node.dark ? ' — not receiving' : ''}`;

function NodeView({ node, onFocus, onBlur, onEnter, onLeave }: { node: NodeBox } & NodeHandlers) {
  const instance = node.kind === 'instance';
  return (
    <g
      className={`ss-flow-node ${node.kind}${node.dark ? ' dark' : ''}`}
      data-node={node.key}
      transform={`translate(${node.x},${node.y})`}
      tabIndex={0}
      role="img"
      aria-label={describe(node)}
      onFocus={onFocus}
      onBlur={onBlur}
      onMouseEnter={onEnter}
      onMouseLeave={onLeave}
    >
      <title>{describe(node)}</title>
      <rect width={NODE.width} height={NODE.height} rx={4} />
      <text x={8} y={instance ? 15 : 18}>
        {node.hosted ? '◆ ' : ''}
        {truncate(node.label, NAME_LIMIT)}
      </text>
      {instance && (
        <rect
          className="share"
          x={8}
          y={NODE.height - 8}
          height={3}
          width={(NODE.width - 16) * Math.max(0, Math.min(1, node.share ?? 0))}
          rx={1.5}
        />
      )}
      {instance ? (
        <text className="detail" x={NODE.width + 8} y={18}>
          {node.detail}
          {node.dark ? ' · not receiving' : ''}
        </text>
      ) : (
        <text className="detail" x={0} y={NODE.height + 11}>
          {node.detail}
        </text>
      )}
    </g>
  );
}

/** Monospace 11 px: about this many px per character, enough to size the box behind the name. */
const CHAR_WIDTH = 6.8;
const NAME_LIMIT = 20;

/** The untruncated name in a box just above its node, kept inside the picture. */
function FullName({ node, svgWidth }: { node: NodeBox; svgWidth: number }) {
  if (node.label.length <= NAME_LIMIT && !node.hosted) return null;
  const text = `${node.hosted ? '◆ ' : ''}${node.label}`;
  const boxWidth = Math.ceil(text.length * CHAR_WIDTH) + 12;
  const x = Math.max(0, Math.min(node.x, svgWidth - boxWidth));
  const y = Math.max(0, node.y - 22);
  return (
    <g className="ss-flow-fullname" aria-hidden="true" data-for={node.key} transform={`translate(${x},${y})`}>
      <rect width={boxWidth} height={20} rx={3} />
      <text x={6} y={14}>
        {text}
      </text>
    </g>
  );
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
