// The export formats offered wherever an export starts (a selection, a range, a filter's matches).
import type { ExportFormat } from '../../../shared/dto';

export function ExportFormatSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: ExportFormat;
  onChange: (format: ExportFormat) => void;
}) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as ExportFormat)}>
      <option value="ndjson">NDJSON</option>
      <option value="csv">CSV</option>
      <option value="raw">Raw values</option>
    </select>
  );
}
