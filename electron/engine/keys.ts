// Every key the engine writes besides the streams themselves. All keys of one stream share the
// hash tag `{<stream>}` so they land in one slot under Redis Cluster.
export const deadLetterStream = (stream: string): string => `${stream}.dead-letter`;
export const presenceKey = (stream: string, group: string, instance: string): string =>
  `streamscope:presence:{${stream}}:${group}:${instance}`;
/** Sorted set: member = JSON [group, instance], score = last heartbeat (ms). */
export const presenceIndexKey = (stream: string): string => `streamscope:presence-index:{${stream}}`;
export const presenceMember = (group: string, instance: string): string => JSON.stringify([group, instance]);
export const pruneLockKey = (stream: string): string => `streamscope:prune-lock:{${stream}}`;
