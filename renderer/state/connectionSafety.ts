// The connection in use's safety marks, for every view: a read-only connection disables the
// controls that write to Redis; one marked production asks for typed confirmations.
import { createContext, useContext } from 'react';
import { isProductionLabel, type ConnectionColour, type ConnectionStatus } from '../../shared';

export interface ConnectionSafetyView {
  readOnly: boolean;
  production: boolean;
  label?: string;
  colour?: ConnectionColour;
}

export const NO_MARKS: ConnectionSafetyView = { readOnly: false, production: false };

/** What a disabled write control says about itself. */
export const READ_ONLY_TITLE = 'Read-only connection: this profile does not allow changes to Redis';

export function safetyOf(status: ConnectionStatus | null): ConnectionSafetyView {
  if (!status) return NO_MARKS;
  return {
    readOnly: status.readOnly === true,
    production: isProductionLabel(status.label),
    ...(status.label ? { label: status.label } : {}),
    ...(status.colour ? { colour: status.colour } : {}),
  };
}

export const ConnectionSafetyContext = createContext<ConnectionSafetyView>(NO_MARKS);

export const useConnectionSafety = () => useContext(ConnectionSafetyContext);
