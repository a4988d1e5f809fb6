// Send N messages at X msg/s as a job on the console side, with its progress and a cancel.
import { useState } from 'react';
import { schemas, type PublishJob } from '../../../shared';
import type { FieldTemplate, PublishPayload, PublishState, PublishTarget } from './publishStore';
import { firstProblem } from '../../state/validate';
import { formatCount } from '../../state/format';
import { OWN_RATE_SUBSCRIPTION } from '../../state/measureBroadcastRates';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ProgressBar } from '../../components/ProgressBar';
import { WriteButton } from '../../components/WriteButton';

interface SendManyProps {
  state: PublishState;
  target: PublishTarget;
  payload: PublishPayload;
  canSend: boolean;
  /** The stream's messages are encoded bytes: a job writes JSON text only, so it is not offered. */
  encoded: boolean;
}

export function SendMany({ state: s, target, payload, canSend, encoded }: SendManyProps) {
  const [count, setCount] = useState('100');
  const [rate, setRate] = useState('10');
  const [jobProblem, setJobProblem] = useState<string | null>(null);
  const running = s.job?.state === 'running';

  const start = async () => {
    const content: { fields: FieldTemplate[] } | { template: string } =
      payload.kind === 'fields' ? { fields: payload.fields } : { template: payload.template };
    const args = { target, ...content, count: Number(count), ratePerSec: Number(rate) };
    const problem = firstProblem(schemas['publish.start'], args);
    setJobProblem(problem);
    if (!problem) await s.startJob(target, payload, args.count, args.ratePerSec);
  };

  return (
    <>
      <h2 className="section-title">Send many</h2>
      <div className="toolbar">
        <label className="field">
          <span>Count</span>
          <input type="number" min={1} value={count} onChange={(e) => setCount(e.target.value)} className="num-input" />
        </label>
        <label className="field">
          <span>Rate (msg/s)</span>
          <input type="number" min={1} value={rate} onChange={(e) => setRate(e.target.value)} className="num-input" />
        </label>
        <WriteButton type="button" disabled={!canSend || running || encoded} onClick={() => void start()}>
          Start sending
        </WriteButton>
        {encoded ? <span className="muted">Send many writes JSON text; encoded messages are sent one at a time.</span> : null}
        {running ? (
          <button type="button" className="danger" onClick={() => void s.cancelJob()}>
            Cancel
          </button>
        ) : null}
      </div>
      {jobProblem ? (
        <p className="field-problem" role="alert">
          {jobProblem}
        </p>
      ) : null}
      <ErrorMessage error={s.jobError} context="Send many" />
      {s.job ? <JobProgress job={s.job} /> : null}
    </>
  );
}

const JOB_STATE: Record<PublishJob['state'], string> = { running: 'Sending', done: 'Done', cancelled: 'Cancelled', failed: 'Failed' };

function JobProgress({ job }: { job: PublishJob }) {
  return (
    <div className="job">
      <ProgressBar label="Publish progress" value={job.sent} max={job.total} />
      <p className="muted" role="status">
        {JOB_STATE[job.state]}: {formatCount(job.sent)} of {formatCount(job.total)} sent to {job.target.kind} <code>{job.target.name}</code>
        {job.failed ? `, ${formatCount(job.failed)} failed` : ''}
        {job.receivers !== undefined ? `, ${formatCount(job.receivers)} receivers in total` : ''}
        {job.ownExcluded ? ` (not counting ${OWN_RATE_SUBSCRIPTION})` : ''}
        {job.error ? ` (${job.error})` : ''}
      </p>
    </div>
  );
}
