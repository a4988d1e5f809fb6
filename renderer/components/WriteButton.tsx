// A button whose action writes to Redis: on a read-only connection it is disabled and says why.
import type { ButtonHTMLAttributes } from 'react';
import { READ_ONLY_TITLE, useConnectionSafety } from '../state/connectionSafety';

export function WriteButton({ disabled, title, ...props }: ButtonHTMLAttributes<HTMLButtonElement>) {
  const { readOnly } = useConnectionSafety();
  return <button {...props} disabled={readOnly || disabled} title={readOnly ? READ_ONLY_TITLE : title} />;
}
