// The Connections dialog's choice of what a start does with the last session (see LastSession.tsx).
import { useState } from 'react';
import { readReopenChoice, REOPEN_CHOICES, writeReopenChoice, type ReopenChoice } from '../../state/lastSession';

const storage = () => globalThis.localStorage;

/** What a start does with the last session; the choice is kept in this browser's (or the app's) storage. */
export function ReopenSetting() {
  const [choice, setChoice] = useState<ReopenChoice>(() => readReopenChoice(storage()));
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <label className="field">
        <span>When Streamscope starts</span>
        <select
          value={choice}
          onChange={(e) => {
            const next = e.target.value as ReopenChoice;
            setChoice(next);
            setProblem(writeReopenChoice(storage(), next));
          }}
        >
          {REOPEN_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      {problem ? (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}
