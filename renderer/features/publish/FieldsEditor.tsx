// The fields of one stream entry to publish: name/value rows in order (names may repeat or be
// empty, as Redis allows); values may use the publish templates ({{uuid}}, {{seq}}, {{now}}).
import type { FieldTemplate } from './publishStore';

interface FieldsEditorProps {
  fields: FieldTemplate[];
  onChange: (fields: FieldTemplate[]) => void;
}

export function FieldsEditor({ fields, onChange }: FieldsEditorProps) {
  const update = (i: number, patch: Partial<FieldTemplate>) => onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <div className="fields-editor" role="group" aria-label="Entry fields">
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field, i) => (
            <tr key={i}>
              <td>
                <input
                  className="mono"
                  aria-label={`Field ${i + 1} name`}
                  value={field.name}
                  placeholder="name"
                  onChange={(e) => update(i, { name: e.target.value })}
                />
              </td>
              <td>
                <input
                  className="mono field-value"
                  aria-label={`Field ${i + 1} value`}
                  value={field.value}
                  placeholder="value"
                  onChange={(e) => update(i, { value: e.target.value })}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="small"
                  aria-label={`Remove field ${i + 1}`}
                  disabled={fields.length === 1}
                  onClick={() => onChange(fields.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="small" onClick={() => onChange([...fields, { name: '', value: '' }])}>
        Add field
      </button>
    </div>
  );
}
