// Export saved connections to a JSON file (never with a secret) and import one: the file is first
// previewed with a dry run that lists what would be added, skipped and left alone, then imported.
import { useState } from 'react';
import { useStore } from 'zustand';
import type { ProfilesImportReport } from '../../../shared';
import type { ConnectionStore } from '../../state/connectionStore';

function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

function ImportReport({ report }: { report: ProfilesImportReport }) {
  const verb = report.dryRun ? 'Would add' : 'Added';
  return (
    <div role="region" aria-label={report.dryRun ? 'Import preview' : 'Import report'} className="transfer-progress">
      <p>
        {verb} {report.added.length} connection{report.added.length === 1 ? '' : 's'}
        {report.added.length ? `: ${report.added.join(', ')}` : ''}.
      </p>
      {report.conflicted.length ? (
        <ul aria-label="Already saved">
          {report.conflicted.map((c) => (
            <li key={`c-${c.name}`}>
              {c.name}: {c.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {report.skipped.length ? (
        <ul aria-label="Skipped">
          {report.skipped.map((c, i) => (
            <li key={`s-${i}`}>
              {c.name}: {c.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function ConnectionsTransfer({ store }: { store: ConnectionStore }) {
  const s = useStore(store);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [report, setReport] = useState<ProfilesImportReport | null>(null);

  const exportAll = async () => {
    const json = await s.exportProfiles();
    if (json !== null) download(json, 'streamscope-connections.json');
  };

  const choose = async (chosen: File | undefined) => {
    setReport(null);
    if (!chosen) return setFile(null);
    const text = await chosen.text();
    setFile({ name: chosen.name, text });
    setReport(await s.importProfiles(text, true));
  };

  return (
    <section aria-label="Export and import connections" className="connections-transfer">
      <div className="toolbar">
        <button type="button" disabled={s.busy || s.profiles.length === 0} onClick={() => void exportAll()}>
          Export connections
        </button>
        <label className="field">
          <span>Import connections from a file</span>
          <input type="file" accept="application/json,.json" onChange={(e) => void choose(e.target.files?.[0])} />
        </label>
        {file && report?.dryRun ? (
          <button
            type="button"
            disabled={s.busy || report.added.length === 0}
            onClick={async () => setReport(await s.importProfiles(file.text, false))}
          >
            Import {report.added.length} connection{report.added.length === 1 ? '' : 's'}
          </button>
        ) : null}
      </div>
      <p className="muted">Exports hold no passwords, passphrases or keys; enter them again after an import.</p>
      {report ? <ImportReport report={report} /> : null}
    </section>
  );
}
