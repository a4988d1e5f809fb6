// Re-publishing writes a new entry (to this stream or another), so it is confirmed first.
import { useState } from 'react';
import { keyName, type ReplyError } from '../../../shared';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { firstProblem } from '../../state/validate';

interface RepublishDialogProps {
  stream: string;
  id: string;
  busy: boolean;
  error: ReplyError | null;
  onConfirm: (toStream: string) => void;
  onCancel: () => void;
}

export function RepublishDialog({ stream, id, busy, error, onConfirm, onCancel }: RepublishDialogProps) {
  const [target, setTarget] = useState(stream);
  const problem = firstProblem(keyName, target);
  return (
    <ConfirmDialog
      title={`Re-publish entry ${id}?`}
      confirmLabel="Re-publish"
      busy={busy || problem !== null}
      onCancel={onCancel}
      onConfirm={() => onConfirm(target)}
    >
      <p>
        A copy of entry <code>{id}</code> will be added as a new entry; every group on the target stream will receive it again.
      </p>
      <label className="field">
        <span>Target stream</span>
        <input value={target} onChange={(e) => setTarget(e.target.value)} aria-invalid={problem ? true : undefined} />
      </label>
      {problem ? <p className="field-problem">Target stream {problem}</p> : null}
      <ErrorMessage error={error} context="Re-publish" />
    </ConfirmDialog>
  );
}
