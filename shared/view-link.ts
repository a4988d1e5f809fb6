// Deep links: a view of the console as a URL hash, so a link (or a reload) lands on the same
// stream, tab, entry or group. `#/stream/<name>/<tab>?entry=<id>`, `#/stream/<name>/groups?group=<group>`, `#/overview`, `#/broadcast`,
// `#/publish`. A hash is input like any other: anything that does not parse lands on the Overview.
import { keyNameFromBytes, keyNameToBytes } from './key-name';
import { schemas } from './schemas';

export const STREAM_TABS = ['entries', 'groups', 'instances', 'flow', 'pending', 'charts'] as const;
export type LinkTab = (typeof STREAM_TABS)[number];

export type LinkedView =
  | { kind: 'overview' }
  | { kind: 'broadcast' }
  | { kind: 'publish' }
  | { kind: 'stream'; stream: string; tab?: LinkTab; entry?: string; group?: string };

const ENTRY_ID = /^\d{1,20}-\d{1,20}$/;
const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** A stream name as its exact bytes, percent-encoded: names that are not UTF-8 (escaped bytes) link too. */
function encodeName(name: string): string {
  let out = '';
  for (const b of keyNameToBytes(name)) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && UNRESERVED.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The reverse of encodeName (any percent-encoding of the bytes); throws on a malformed escape. */
function decodeName(text: string): string {
  const utf8 = new TextEncoder();
  const bytes: number[] = [];
  for (const part of text.split(/(%[0-9A-Fa-f]{2})/)) {
    if (/^%[0-9A-Fa-f]{2}$/.test(part)) bytes.push(parseInt(part.slice(1), 16));
    else if (part.includes('%')) throw new Error('malformed percent escape');
    else bytes.push(...utf8.encode(part));
  }
  return keyNameFromBytes(new Uint8Array(bytes));
}

export function viewToHash(view: LinkedView): string {
  if (view.kind !== 'stream') return `#/${view.kind}`;
  const tab = view.tab && view.tab !== 'entries' ? `/${view.tab}` : '';
  const entry = view.entry && (view.tab ?? 'entries') === 'entries' ? `?entry=${encodeURIComponent(view.entry)}` : '';
  const group = view.group !== undefined && view.tab === 'groups' ? `?group=${encodeName(view.group)}` : '';
  return `#/stream/${encodeName(view.stream)}${tab}${entry}${group}`;
}

export function hashToView(hash: string): LinkedView {
  const m = /^#\/(overview|broadcast|publish|stream\/([^/?]+)(?:\/([a-z]+))?(?:\?(entry|group)=([^&]+))?)$/.exec(hash);
  if (!m) return { kind: 'overview' };
  if (!m[1].startsWith('stream/')) return { kind: m[1] as 'overview' | 'broadcast' | 'publish' };
  let stream: string;
  let entry: string | undefined;
  let group: string | undefined;
  try {
    stream = decodeName(m[2]);
    if (m[4] === 'entry') entry = decodeURIComponent(m[5]);
    if (m[4] === 'group') group = decodeName(m[5]);
  } catch {
    return { kind: 'overview' };
  }
  if (!schemas['streams.detail'].safeParse({ stream }).success) return { kind: 'overview' };
  const tab = m[3] === undefined ? undefined : STREAM_TABS.find((t) => t === m[3]);
  if (m[3] !== undefined && !tab) return { kind: 'stream', stream };
  return {
    kind: 'stream',
    stream,
    ...(tab ? { tab } : {}),
    ...(entry && ENTRY_ID.test(entry) && (tab ?? 'entries') === 'entries' ? { entry } : {}),
    ...(group !== undefined && tab === 'groups' && schemas['groups.delete'].safeParse({ stream, group }).success ? { group } : {}),
  };
}
