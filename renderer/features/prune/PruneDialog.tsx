// Prune a stream: pick a policy, preview what it would remove (range, pending, undelivered, kept
// for safety), confirm, then see what was removed. Changing the policy discards the preview, so
// what runs is always what was previewed.
import { displayKeyName } from '../../../shared/key-name';
import { useId, useState } from 'react';
import { useStore } from 'zustand';
import { schemas, type Bridge, type PrunePolicy } from '../../../shared';
import { createPruneStore, samePolicy, type PruneStore } from './pruneStore';
import { firstProblem } from '../../state/validate';
import { formatCount } from '../../state/format';
import { Dialog } from '../../components/Dialog';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import './prune.css';
import { WriteButton } from '../../components/WriteButton';
import { useConnectionSafety } from '../../state/connectionSafety';

const UNITS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
type Unit = keyof typeof UNITS;

interface PruneDialogProps {
  bridge: Bridge;
  stream: string;
  onClose: () => void;
  store?: PruneStore;
}

export function PruneDialog({ bridge, stream, onClose, store: given }: PruneDialogProps) {
  const [store] = useState(() => given ?? createPruneStore(bridge, stream));
  const s = useStore(store);
  const ids = useId();
  const [kind, setKind] = useState<PrunePolicy['kind']>('maxLength');
  const [maxLength, setMaxLength] = useState('1000');
  const [age, setAge] = useState('5');
  const [unit, setUnit] = useState<Unit>('days');
  const [safe, setSafe] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const { production } = useConnectionSafety();

  const policy: PrunePolicy =
    kind === 'maxLength' ? { kind, maxLength: Number(maxLength) } : { kind, maxAgeMs: Math.round(Number(age) * UNITS[unit]) };
  const problem =
    maxLength.trim() === '' || age.trim() === '' ? 'enter a number' : firstProblem(schemas['prune.preview'], { stream, policy, safe });
  const preview = s.preview && samePolicy(s.preview.policy, policy) && s.preview.safe === safe ? s.preview : null;
  const risky = preview && !preview.safe && (preview.pending > 0 || preview.undelivered > 0);

  return (
    <Dialog title={`Prune ${displayKeyName(stream)}`} onClose={onClose} className="prune-dialog">
      <fieldset className="prune-policy">
        <legend>Policy</legend>
        <label className="radio-line">
          <input type="radio" name={`${ids}-kind`} checked={kind === 'maxLength'} onChange={() => setKind('maxLength')} />
          Keep the newest
          <input
            aria-label="Entries to keep"
            type="number"
            min={0}
            className="num-input"
            value={maxLength}
            disabled={kind !== 'maxLength'}
            onChange={(e) => setMaxLength(e.target.value)}
          />
          entries
        </label>
        <label className="radio-line">
          <input type="radio" name={`${ids}-kind`} checked={kind === 'maxAge'} onChange={() => setKind('maxAge')} />
          Remove entries older than
          <input
            aria-label="Maximum age"
            type="number"
            min={0}
            className="num-input"
            value={age}
            disabled={kind !== 'maxAge'}
            onChange={(e) => setAge(e.target.value)}
          />
          <select aria-label="Age unit" value={unit} disabled={kind !== 'maxAge'} onChange={(e) => setUnit(e.target.value as Unit)}>
            {Object.keys(UNITS).map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </label>
        <label className="radio-line">
          <input type="checkbox" checked={safe} onChange={(e) => setSafe(e.target.checked)} />
          Safe mode: never remove entries still pending or not yet delivered to a group
        </label>
      </fieldset>
      {problem ? (
        <p className="field-problem" role="alert">
          Policy {problem}
        </p>
      ) : null}

      <div className="toolbar">
        <button type="button" disabled={problem !== null || s.previewing} onClick={() => void s.loadPreview(policy, safe)}>
          Preview
        </button>
        <WriteButton
          type="button"
          className="danger"
          disabled={!preview || preview.wouldRemove === 0 || s.running}
          onClick={() => setConfirming(true)}
        >
          {preview ? `Prune ${formatCount(preview.wouldRemove)} entries…` : 'Prune…'}
        </WriteButton>
      </div>
      <ErrorMessage error={s.previewError} context="Preview" />

      {preview ? (
        <section className="prune-preview" aria-label="Prune preview">
          {preview.wouldRemove === 0 ? (
            <p>
              Nothing to remove: the stream has {formatCount(preview.lengthBefore)} entries and all of them are kept by this policy
              {preview.keptForSafety ? ' and safe mode' : ''}.
            </p>
          ) : (
            <p>
              Would remove <strong>{formatCount(preview.wouldRemove)}</strong> of {formatCount(preview.lengthBefore)} entries, ids{' '}
              <code>{preview.firstId}</code> to <code>{preview.lastId}</code>.
            </p>
          )}
          <dl className="prune-numbers">
            <dt>Still pending in a group</dt>
            <dd className={preview.pending ? 'warn' : ''}>{formatCount(preview.pending)}</dd>
            <dt>Not yet delivered to some group</dt>
            <dd className={preview.undelivered ? 'warn' : ''}>{formatCount(preview.undelivered)}</dd>
            <dt>Kept for safety</dt>
            <dd>{preview.safe ? formatCount(preview.keptForSafety) : 'safe mode off'}</dd>
          </dl>
          {risky ? <p className="warn-text">Safe mode is off: pending or undelivered entries will be lost to their consumers.</p> : null}
        </section>
      ) : null}

      {s.result ? (
        <p role="status" className="ok-text">
          Removed {formatCount(s.result.removed)} entries from <code>{s.result.stream}</code>; {formatCount(s.result.lengthAfter)} remain.
        </p>
      ) : null}

      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>

      {confirming && preview && (
        <ConfirmDialog
          title={`Remove ${formatCount(preview.wouldRemove)} entries from ${displayKeyName(stream)}?`}
          confirmLabel="Prune"
          typeToConfirm={production ? displayKeyName(stream) : undefined}
          busy={s.running}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            if (await s.run()) setConfirming(false);
          }}
        >
          <p>
            Entries <code>{preview.firstId}</code> to <code>{preview.lastId}</code> will be deleted from the stream. This cannot be undone.
          </p>
          {risky ? (
            <p className="warn-text">
              {formatCount(preview.pending)} of them are still pending and {formatCount(preview.undelivered)} were never delivered to some
              group.
            </p>
          ) : null}
          <ErrorMessage error={s.runError} context="Prune" />
        </ConfirmDialog>
      )}
    </Dialog>
  );
}
