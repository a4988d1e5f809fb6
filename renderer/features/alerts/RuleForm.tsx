// The form that adds an alert rule: a stream and group, thresholds (empty ones are not checked) and
// the instance check; what is wrong is said before anything is sent.
import { useId, useState, type FormEvent } from 'react';
import type { AlertRule } from '../../../shared/alerts';

/** A whole number from a form field, undefined when empty; NaN when it is not one (the form says so). */
function wholeNumber(text: string, scale = 1): number | undefined {
  const t = text.trim().replace(/,/g, '');
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) && n > 0 ? Math.round(n * scale) : Number.NaN;
}

interface RuleFormProps {
  /** Known stream names, offered as suggestions. */
  streams: string[];
  busy: boolean;
  onSave: (rule: AlertRule) => Promise<boolean>;
}

export function RuleForm({ streams, busy, onSave }: RuleFormProps) {
  const formId = useId();
  const [stream, setStream] = useState('');
  const [group, setGroup] = useState('');
  const [lag, setLag] = useState('');
  const [lagSec, setLagSec] = useState('');
  const [pending, setPending] = useState('');
  const [pendingSec, setPendingSec] = useState('');
  const [instances, setInstances] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const numbers = {
      lag: wholeNumber(lag),
      lagMs: wholeNumber(lagSec, 1000),
      pending: wholeNumber(pending),
      oldestPendingMs: wholeNumber(pendingSec, 1000),
    };
    const bad = Object.entries(numbers).find(([, n]) => Number.isNaN(n));
    if (!stream.trim() || !group.trim()) return setProblem('Name the stream and the group the rule is for.');
    if (bad) return setProblem('Thresholds must be numbers above 0; leave a field empty to not check it.');
    const rule: AlertRule = { stream: stream.trim(), group: group.trim(), ...(instances ? { instances: true } : {}) };
    for (const [k, n] of Object.entries(numbers)) if (n !== undefined) Object.assign(rule, { [k]: n });
    if (Object.keys(rule).length === 2) return setProblem('Set at least one threshold, or tick the instance check.');
    setProblem(null);
    if (await onSave(rule)) {
      setLag('');
      setLagSec('');
      setPending('');
      setPendingSec('');
      setInstances(false);
    }
  };

  return (
    <form className="ss-alerts-form" aria-label="Add an alert rule" onSubmit={(e) => void submit(e)}>
      <label>
        Stream
        <input list={`${formId}-streams`} value={stream} onChange={(e) => setStream(e.target.value)} />
        <datalist id={`${formId}-streams`}>
          {streams.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </label>
      <label>
        Group
        <input value={group} onChange={(e) => setGroup(e.target.value)} />
      </label>
      <label>
        Lag over (entries)
        <input inputMode="numeric" value={lag} onChange={(e) => setLag(e.target.value)} />
      </label>
      <label>
        Lag in time over (s)
        <input inputMode="decimal" value={lagSec} onChange={(e) => setLagSec(e.target.value)} />
      </label>
      <label>
        Pending over (entries)
        <input inputMode="numeric" value={pending} onChange={(e) => setPending(e.target.value)} />
      </label>
      <label>
        Oldest pending over (s)
        <input inputMode="decimal" value={pendingSec} onChange={(e) => setPendingSec(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" checked={instances} onChange={(e) => setInstances(e.target.checked)} />
        Alert when an instance stops being live
      </label>
      <button type="submit" className="primary" disabled={busy}>
        Save alert rule
      </button>
      {problem ? (
        <p className="error-message" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
