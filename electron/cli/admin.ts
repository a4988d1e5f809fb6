// groups, pending and prune: what a stream's consumer groups hold, and trimming it safely.
import { createInterface } from 'node:readline/promises';
import type { Readable } from 'node:stream';
import type { PrunePolicy } from '../../shared/dto';
import { CliError, EXIT } from './exit-codes';
import { table, writeTo } from './format';
import type { Session } from './session';
import type { Output } from './streams';

const show = (value: number | null) => (value === null ? 'unknown' : String(value));
const ndjson = (items: unknown[]) => items.map((i) => JSON.stringify(i) + '\n').join('');

export async function groups(session: Session, out: Output, stream: string): Promise<void> {
  const list = await session.call('groups.list', { stream });
  if (out.json) return writeTo(out.stdout, ndjson(list));
  if (list.length === 0) return writeTo(out.stdout, `stream ${stream} has no consumer groups\n`);
  const rows = list.map((g) => [g.name, String(g.consumers), String(g.pending), g.lastDeliveredId, show(g.entriesRead), show(g.lag)]);
  await writeTo(out.stdout, table(['GROUP', 'CONSUMERS', 'PENDING', 'LAST-DELIVERED', 'ENTRIES-READ', 'LAG'], rows));
}

export async function pending(
  session: Session,
  out: Output,
  stream: string,
  group: string,
  opts: { consumer?: string; count: number },
): Promise<void> {
  const page = await session.call('pending.list', { stream, group, consumer: opts.consumer, count: opts.count });
  if (out.json) return writeTo(out.stdout, ndjson(page.entries));
  let text = `${page.total} pending in ${group}${page.total ? ` (ids ${page.minId} to ${page.maxId})` : ''}`;
  if (page.perConsumer.length) text += `: ${page.perConsumer.map((c) => `${c.consumer} ${c.count}`).join(', ')}`;
  text += '\n';
  if (page.entries.length) {
    text += table(
      ['ID', 'CONSUMER', 'IDLE-MS', 'DELIVERIES', 'POISON'],
      page.entries.map((e) => [e.id, e.consumer, String(e.idleMs), String(e.deliveries), e.poison ? 'yes' : '']),
    );
    if (page.next) text += `… more after ${page.next} (--count to see more)\n`;
  }
  await writeTo(out.stdout, text);
}

export interface PruneOptions {
  maxlen?: number;
  maxAge?: number;
  unsafe: boolean;
  dryRun: boolean;
  yes: boolean;
}

async function confirm(question: string, input: Readable & { isTTY?: boolean }, out: Output): Promise<boolean> {
  if (!input.isTTY)
    throw new CliError(
      'not confirmed: there is no terminal to ask on; pass --yes to prune without asking (or --dry-run to look first)',
      EXIT.notConfirmed,
    );
  const rl = createInterface({ input, output: out.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export async function prune(session: Session, out: Output, stream: string, opts: PruneOptions, stdin: Readable): Promise<void> {
  if ((opts.maxlen === undefined) === (opts.maxAge === undefined))
    throw new CliError('prune needs exactly one policy: --maxlen N or --max-age DURATION', EXIT.usage);
  const policy: PrunePolicy =
    opts.maxlen !== undefined ? { kind: 'maxLength', maxLength: opts.maxlen } : { kind: 'maxAge', maxAgeMs: opts.maxAge as number };
  const args = { stream, policy, safe: !opts.unsafe };
  const preview = await session.call('prune.preview', args);
  const summary =
    preview.wouldRemove === 0
      ? `nothing to remove from ${stream}: all ${preview.lengthBefore} entries are kept${preview.keptForSafety ? ` (${preview.keptForSafety} by safe mode)` : ''}`
      : `would remove ${preview.wouldRemove} of ${preview.lengthBefore} entries from ${stream} (ids ${preview.firstId} to ${preview.lastId}); ${preview.pending} still pending, ${preview.undelivered} not yet delivered to some group` +
        (preview.safe ? `, ${preview.keptForSafety} kept by safe mode` : '; safe mode is off');
  if (opts.dryRun || preview.wouldRemove === 0) return writeTo(out.stdout, out.json ? JSON.stringify(preview) + '\n' : summary + '\n');
  if (!opts.yes && !(await confirm(`${summary}.\nRemove them?`, stdin, out)))
    throw new CliError('not confirmed: nothing was removed', EXIT.notConfirmed);
  const result = await session.call('prune.run', args);
  await writeTo(
    out.stdout,
    out.json ? JSON.stringify(result) + '\n' : `removed ${result.removed} entries from ${stream}; ${result.lengthAfter} remain\n`,
  );
}
