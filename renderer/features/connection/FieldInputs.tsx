// The plain inputs of the profile form's SSH and TLS sections: a labelled text field, and a file
// named by its path on the machine running Streamscope (with the desktop app's open dialog when there is one).
import type { FilePurpose } from '../../state/connectionStore';
import type { Choose } from './reach-form';

export function Text({
  label,
  value,
  onChange,
  type = 'text',
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  placeholder?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input type={type} value={value} placeholder={placeholder} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

export function FileField({
  label,
  value,
  onChange,
  purpose,
  choose,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  purpose: FilePurpose;
  choose: Choose;
  placeholder?: string;
}) {
  return (
    <span className="file-field">
      <Text label={label} value={value} placeholder={placeholder} onChange={onChange} />
      {choose ? (
        <button
          type="button"
          aria-label={`Choose ${label.toLowerCase()}`}
          onClick={() => void choose(purpose).then((path) => path && onChange(path))}
        >
          Choose…
        </button>
      ) : null}
    </span>
  );
}
