// Picks a group position: '$' (new entries only), '0' (the whole stream) or an explicit entry id.
import { useId } from 'react';
import { positionId } from '../../../shared';

export interface PositionValue {
  choice: '$' | '0' | 'id';
  id: string;
}

export const positionOf = (v: PositionValue): string => (v.choice === 'id' ? v.id.trim() : v.choice);

/** Null when valid, else what is wrong, in words. */
export function positionProblem(v: PositionValue): string | null {
  const r = positionId.safeParse(positionOf(v));
  return r.success ? null : `Position ${r.error.issues[0]?.message ?? 'is invalid'}`;
}

export function PositionPicker({ value, onChange, label }: { value: PositionValue; onChange: (v: PositionValue) => void; label: string }) {
  const selectId = useId();
  const idId = useId();
  return (
    <span className="ss-inline">
      <label htmlFor={selectId}>{label}</label>
      <select
        id={selectId}
        value={value.choice}
        onChange={(e) => onChange({ ...value, choice: e.target.value as PositionValue['choice'] })}
      >
        <option value="$">$ — only new entries</option>
        <option value="0">0 — the whole stream</option>
        <option value="id">an entry id…</option>
      </select>
      {value.choice === 'id' && (
        <>
          <label htmlFor={idId} className="visually-hidden">
            Entry id
          </label>
          <input id={idId} placeholder="1700000000000-0" value={value.id} onChange={(e) => onChange({ ...value, id: e.target.value })} />
        </>
      )}
    </span>
  );
}
