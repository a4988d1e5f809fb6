// Saved connections as a JSON file to share or move to another machine, never with a secret in it:
// the export is built from the public profiles (which hold no password, passphrase or key, only
// whether one is stored), and an import validates each connection as profiles.save does, adds the
// new ones, and reports what it skipped and which names already exist (those are left untouched).
import type { ConnectionProfile, ProfilesImportReport, SshHop } from '../../shared/dto';
import { schemas } from '../../shared/schemas';
import { ContractError } from '../../shared/reply';
import type { ProfileStore } from './profiles';

export const CONNECTIONS_FORMAT = 'streamscope-connections';
export const CONNECTIONS_VERSION = 1;

/** Fields that hold a secret in profiles.save input; an imported file must not carry them. */
const SECRET_FIELDS = ['password', 'secret'] as const;

const exportedHop = (hop: SshHop) => ({
  host: hop.host,
  port: hop.port,
  username: hop.username,
  auth: hop.auth,
  ...(hop.privateKeyPath ? { privateKeyPath: hop.privateKeyPath } : {}),
});

/** One connection as exported: what profiles.save accepts, without id or any secret (nor when it was last used here). */
export function exportedConnection(p: ConnectionProfile) {
  return {
    name: p.name,
    url: p.url,
    ...(p.username ? { username: p.username } : {}),
    ...(p.keyPrefix ? { keyPrefix: p.keyPrefix } : {}),
    ...(p.readOnly ? { readOnly: true } : {}),
    ...(p.label ? { label: p.label } : {}),
    ...(p.colour ? { colour: p.colour } : {}),
    ...(p.folder ? { folder: p.folder } : {}),
    ...(p.ssh ? { ssh: { ...exportedHop(p.ssh), ...(p.ssh.jump ? { jump: exportedHop(p.ssh.jump) } : {}) } } : {}),
    ...(p.tls ? { tls: { ...p.tls } } : {}),
  };
}

export async function exportConnections(profiles: ProfileStore): Promise<{ json: string; connections: number }> {
  const list = await profiles.list();
  const file = { format: CONNECTIONS_FORMAT, version: CONNECTIONS_VERSION, connections: list.map(exportedConnection) };
  return { json: JSON.stringify(file, null, 2) + '\n', connections: list.length };
}

function hasSecret(entry: Record<string, unknown>): string | null {
  for (const field of SECRET_FIELDS) if (entry[field] !== undefined) return field;
  for (const hopName of ['ssh', 'ssh.jump'] as const) {
    const hop = hopName === 'ssh' ? entry.ssh : (entry.ssh as Record<string, unknown> | undefined)?.jump;
    if (hop && typeof hop === 'object' && (hop as Record<string, unknown>).secret !== undefined) return `${hopName}.secret`;
  }
  return null;
}

/** Reads an export file; `dryRun` reports what would happen and saves nothing. */
export async function importConnections(profiles: ProfileStore, json: string, dryRun: boolean): Promise<ProfilesImportReport> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new ContractError('invalid_args', `profiles.import: the file is not JSON: ${(e as Error).message}`);
  }
  const file = parsed as { format?: unknown; version?: unknown; connections?: unknown };
  if (!file || typeof file !== 'object' || file.format !== CONNECTIONS_FORMAT || !Array.isArray(file.connections)) {
    throw new ContractError(
      'invalid_args',
      `profiles.import: the file is not a Streamscope connections export (format "${CONNECTIONS_FORMAT}")`,
    );
  }
  if (file.version !== CONNECTIONS_VERSION) {
    throw new ContractError(
      'invalid_args',
      `profiles.import: version ${JSON.stringify(file.version)} is not one this Streamscope reads (${CONNECTIONS_VERSION})`,
    );
  }
  const names = new Set((await profiles.list()).map((p) => p.name));
  const report: ProfilesImportReport = { dryRun, added: [], skipped: [], conflicted: [] };
  for (const [index, entry] of (file.connections as unknown[]).entries()) {
    const name =
      entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string'
        ? (entry as { name: string }).name
        : `#${index + 1}`;
    if (!entry || typeof entry !== 'object') {
      report.skipped.push({ name, reason: 'is not an object' });
      continue;
    }
    const secret = hasSecret(entry as Record<string, unknown>);
    if (secret) {
      report.skipped.push({ name, reason: `carries a secret (${secret}); exports never hold one, so this file was edited by hand` });
      continue;
    }
    const { id: _id, ...rest } = entry as Record<string, unknown>;
    const valid = schemas['profiles.save'].safeParse(rest);
    if (!valid.success) {
      const issue = valid.error.issues[0];
      report.skipped.push({ name, reason: `${issue.path.join('.') || 'connection'}: ${issue.message}` });
      continue;
    }
    if (names.has(valid.data.name)) {
      report.conflicted.push({ name, reason: 'a saved connection has this name; it was left as it is' });
      continue;
    }
    names.add(valid.data.name);
    if (!dryRun) await profiles.save(valid.data);
    report.added.push(valid.data.name);
  }
  return report;
}
