// The user's saved payloads: save the current one under a name, load or delete (with a confirm).
import { useState } from 'react';
import type { SavedPayload } from './savedPayloads';
import { ConfirmDialog } from '../../components/ConfirmDialog';

interface SavedPayloadsProps {
  saved: SavedPayload[];
  error: string | null;
  onSave: (name: string) => void;
  onLoad: (payload: SavedPayload) => void;
  onDelete: (name: string) => void;
}

export function SavedPayloads({ saved, error, onSave, onLoad, onDelete }: SavedPayloadsProps) {
  const [name, setName] = useState('');
  const [deleting, setDeleting] = useState<string | null>(null);
  return (
    <div className="saved-payloads">
      <h2 className="section-title">Saved payloads</h2>
      <form
        className="toolbar"
        aria-label="Save payload"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) {
            onSave(name.trim());
            setName('');
          }
        }}
      >
        <input aria-label="Payload name" placeholder="name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={!name.trim()}>
          Save payload
        </button>
      </form>
      {error ? (
        <p className="field-problem" role="alert">
          {error}
        </p>
      ) : null}
      {saved.length === 0 ? (
        <p className="muted small-note">Nothing saved yet: name the current payload and save it to reuse it later.</p>
      ) : (
        <ul className="saved-list" aria-label="Saved payloads">
          {saved.map((p) => (
            <li key={p.name}>
              <button type="button" className="link" aria-label={`Load payload ${p.name}`} onClick={() => onLoad(p)}>
                {p.name}
              </button>
              {p.target ? <span className="muted mono"> → {p.target.name}</span> : null}
              <button type="button" className="small" aria-label={`Delete payload ${p.name}`} onClick={() => setDeleting(p.name)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      {deleting !== null && (
        <ConfirmDialog
          title={`Delete saved payload ${deleting}?`}
          confirmLabel="Delete payload"
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            onDelete(deleting);
            setDeleting(null);
          }}
        >
          The payload is removed from this browser's saved list.
        </ConfirmDialog>
      )}
    </div>
  );
}
