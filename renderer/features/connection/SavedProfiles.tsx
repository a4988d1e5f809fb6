// The saved connections: searched by name, host, label or folder; sorted by when each was last
// connected (the console records it) or by name; grouped by folder, each folder collapsible.
import { useState } from 'react';
import type { ConnectionProfile } from '../../../shared';
import { redactUrl } from '../../state/redactUrl';
import { EmptyState } from '../../components/EmptyState';
import { ProfileRow } from './ProfileRow';

type SortBy = 'used' | 'name';

/** A saved connection matches a search by its name, host (URL or SSH host), label or folder. */
const matchesSearch = (p: ConnectionProfile, search: string) => {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return [p.name, redactUrl(p.url), p.ssh?.host ?? '', p.label ?? '', p.folder ?? ''].some((text) => text.toLowerCase().includes(needle));
};

/** Most recently connected first, never-connected ones last by name; or by name alone. */
const compare = (sortBy: SortBy) => (a: ConnectionProfile, b: ConnectionProfile) =>
  (sortBy === 'used' ? (b.lastConnectedAt ?? -1) - (a.lastConnectedAt ?? -1) : 0) || a.name.localeCompare(b.name);

/** [folder, its profiles] by folder name; profiles without a folder ('') come last. */
function byFolder(profiles: ConnectionProfile[]): Array<[string, ConnectionProfile[]]> {
  const folders = new Map<string, ConnectionProfile[]>();
  for (const p of profiles) folders.set(p.folder ?? '', [...(folders.get(p.folder ?? '') ?? []), p]);
  return [...folders].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
}

export function SavedProfiles({
  profiles,
  currentId,
  busy,
  onConnect,
  onDelete,
}: {
  profiles: ConnectionProfile[];
  currentId: string | undefined;
  busy: boolean;
  onConnect: (p: ConnectionProfile) => void;
  onDelete: (p: ConnectionProfile) => void;
}) {
  const [search, setSearch] = useState('');
  const [sortBy, setSortBy] = useState<SortBy>('used');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  if (profiles.length === 0) {
    return (
      <EmptyState title="No saved profiles yet: save one below, or import a connections file, to switch between Redis servers quickly." />
    );
  }
  const shown = profiles.filter((p) => matchesSearch(p, search)).sort(compare(sortBy));
  const groups = byFolder(shown);
  const foldered = profiles.some((p) => p.folder);
  const toggle = (folder: string) =>
    setCollapsed((c) => (c.has(folder) ? new Set([...c].filter((f) => f !== folder)) : new Set([...c, folder])));

  return (
    <>
      <div className="toolbar">
        <label className="field grow">
          <span>Search saved connections</span>
          <input type="search" value={search} placeholder="name, host, label or folder" onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label className="field">
          <span>Sort by</span>
          <select value={sortBy} onChange={(e) => setSortBy(e.target.value as SortBy)}>
            <option value="used">last used</option>
            <option value="name">name</option>
          </select>
        </label>
      </div>
      {shown.length === 0 ? (
        <EmptyState title={`No saved connection matches "${search.trim()}" by name, host, label or folder.`} />
      ) : (
        <table className="grid" aria-label="Saved profiles">
          <thead>
            <tr>
              <th>Name</th>
              <th>URL</th>
              <th>User</th>
              <th>Prefix</th>
              <th>Last used</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          {groups.map(([folder, members]) => {
            // A search shows every match, whatever is folded.
            const open = !foldered || search.trim() !== '' || !collapsed.has(folder);
            const name = folder || 'No folder';
            return (
              <tbody key={folder} aria-label={foldered ? `Folder ${name}` : undefined}>
                {foldered ? (
                  <tr className="profile-folder">
                    <th colSpan={6} scope="rowgroup">
                      <button type="button" aria-expanded={open} onClick={() => toggle(folder)}>
                        <span aria-hidden="true">{open ? '▾' : '▸'} </span>
                        {name} <span className="muted">({members.length})</span>
                      </button>
                    </th>
                  </tr>
                ) : null}
                {open
                  ? members.map((p) => <ProfileRow key={p.id} p={p} current={p.id === currentId} {...{ busy, onConnect, onDelete }} />)
                  : null}
              </tbody>
            );
          })}
        </table>
      )}
    </>
  );
}
