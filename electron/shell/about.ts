// The About box text: which Streamscope, which Electron (and the Chromium and Node inside it),
// and which Redis server the console is talking to right now.
export interface AboutVersions {
  app: string;
  electron: string;
  chrome?: string;
  node?: string;
  /** undefined when the console is not connected (or has not learnt the version yet). */
  redis?: string;
  /** The Redis URL, password already removed by the console. */
  redisUrl?: string;
}

export function aboutText(v: AboutVersions): string {
  const lines = [`Streamscope ${v.app}`, `Electron ${v.electron}`];
  if (v.chrome) lines.push(`Chromium ${v.chrome}`);
  if (v.node) lines.push(`Node.js ${v.node}`);
  lines.push(v.redis ? `Redis server ${v.redis}${v.redisUrl ? ` (${v.redisUrl})` : ''}` : 'Redis server: not connected');
  return lines.join('\n');
}
