import type { ReactNode } from 'react';

/** What an empty view says: what is missing and what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-actions">{children}</div> : null}
    </div>
  );
}
