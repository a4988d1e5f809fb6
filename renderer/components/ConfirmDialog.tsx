import { useId, useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  /**
   * On a connection marked production: the text (the stream's name) the user must type before
   * the action runs, so a click made by habit cannot change production data.
   */
  typeToConfirm?: string;
}

/** Every destructive action goes through this: the user reads what will happen, then confirms. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, busy, typeToConfirm }: ConfirmDialogProps) {
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const typedOk = typeToConfirm === undefined || typed === typeToConfirm;
  return (
    <Dialog title={title} onClose={onCancel} role="alertdialog">
      <div className="dialog-body">{children}</div>
      {typeToConfirm !== undefined ? (
        <div className="type-to-confirm">
          <label htmlFor={inputId}>
            This is a production connection. Type <code className="mono">{typeToConfirm}</code> to confirm.
          </label>
          <input
            id={inputId}
            value={typed}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={typed !== '' && !typedOk ? true : undefined}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && typedOk && !busy) onConfirm();
            }}
          />
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm} disabled={busy || !typedOk}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
