// Stream discovery over every master of a Redis Cluster. SCAN only walks the node it is sent to,
// so the console's one cursor encodes which master (in address order) and where on it:
// cursor = nodeCursor × 1024 + masterIndex, '0' when the last master is done. Still a plain
// decimal string, so the contract's SCAN-cursor shape holds for a single server and a cluster.
// Keys come back as Buffers (SCAN's *Buffer form) so names that are not UTF-8 keep their bytes.
import type { RedisKey } from 'ioredis';
import { isCluster, type RedisClient } from '../engine';

const NODE_SLOTS = 1024n;

export async function scanStreams(redis: RedisClient, cursor: string, match: RedisKey, count: number): Promise<[string, Buffer[]]> {
  // ioredis types MATCH as a string but sends a Buffer's bytes as they are.
  const pattern = match as string;
  if (!isCluster(redis)) {
    const [next, keys] = await redis.scanBuffer(cursor, 'MATCH', pattern, 'COUNT', count, 'TYPE', 'stream');
    return [String(next), keys];
  }
  const masters = redis.nodes('master').sort((a, b) => address(a).localeCompare(address(b)));
  const composite = BigInt(cursor);
  const index = Number(composite % NODE_SLOTS);
  const nodeCursor = composite / NODE_SLOTS;
  // The set of masters changed under a running scan (failover, resharding): end it rather than
  // walk a node twice; SCAN's own contract allows missing keys that moved meanwhile.
  if (index >= masters.length) return ['0', []];
  const [nextBytes, keys] = await masters[index].scanBuffer(String(nodeCursor), 'MATCH', pattern, 'COUNT', count, 'TYPE', 'stream');
  const next = String(nextBytes);
  if (next !== '0') return [String(BigInt(next) * NODE_SLOTS + BigInt(index)), keys];
  return [index + 1 < masters.length ? String(index + 1) : '0', keys];
}

function address(node: { options: { host?: string; port?: number } }): string {
  return `${node.options.host}:${String(node.options.port).padStart(5, '0')}`;
}
