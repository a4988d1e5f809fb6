// Small widgets shared by UI engineer B's tabs until the app-wide ones in renderer/components land.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { ReplyError } from '../../../shared';

/** Contract errors are shown in words: the code says what kind, the message says what exactly. */
export const errorText = (e: ReplyError): string => `${e.code}: ${e.message}`;

export function ErrorLine({ error, label }: { error: string | null | undefined; label?: string }) {
  if (!error) return null;
  return (
    <p className="ss-error" role="alert" aria-label={label}>
      {error}
    </p>
  );
}

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
}

/** A real modal confirmation for destructive actions: Escape or Cancel backs out, focus starts on Cancel. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, busy }: ConfirmDialogProps) {
  const titleId = useId();
  const bodyId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div className="ss-modal-backdrop">
      <div
        className="ss-modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
        }}
      >
        <h3 id={titleId}>{title}</h3>
        <div id={bodyId} className="ss-modal-body">
          {children}
        </div>
        <div className="ss-modal-actions">
          <button ref={cancelRef} type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="ss-danger" onClick={onConfirm} disabled={busy}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <div className="ss-empty" role="status">
      {children}
    </div>
  );
}
