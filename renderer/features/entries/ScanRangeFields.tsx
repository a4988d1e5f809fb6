// The id range and time range inputs of a filter scan; blank bounds leave that side open.
import type { ScanRangeText } from './scanRange';

const FIELDS: { key: keyof ScanRangeText; label: string; placeholder: string }[] = [
  { key: 'startId', label: 'Start id', placeholder: 'start id (blank: first)' },
  { key: 'endId', label: 'End id', placeholder: 'end id (blank: last)' },
  { key: 'fromTime', label: 'From time', placeholder: 'from time: 2026-11-27 10:15 or epoch ms' },
  { key: 'toTime', label: 'To time', placeholder: 'to time: 2026-11-27 11:15 or epoch ms' },
];

export function ScanRangeFields({ value, onChange }: { value: ScanRangeText; onChange: (next: ScanRangeText) => void }) {
  return (
    <fieldset className="toolbar" aria-label="Scan range">
      {FIELDS.map((f) => (
        <input
          key={f.key}
          aria-label={f.label}
          className="mono"
          placeholder={f.placeholder}
          value={value[f.key]}
          onChange={(e) => onChange({ ...value, [f.key]: e.target.value })}
        />
      ))}
    </fieldset>
  );
}
