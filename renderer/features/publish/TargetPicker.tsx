// Where a message goes: a stream (with the known names offered) or a broadcast channel.
import type { PublishTarget } from './publishStore';

interface TargetPickerProps {
  ids: string;
  target: PublishTarget;
  onKind: (kind: PublishTarget['kind']) => void;
  onName: (name: string) => void;
  streams: string[];
  nameProblem: string | null;
}

export function TargetPicker({ ids, target: { kind, name }, onKind, onName, streams, nameProblem }: TargetPickerProps) {
  return (
    <>
      <div className="publish-target toolbar" role="group" aria-label="Target">
        <div role="radiogroup" aria-label="Target kind" className="segmented">
          <label>
            <input type="radio" name={`${ids}-kind`} checked={kind === 'stream'} onChange={() => onKind('stream')} /> Stream
          </label>
          <label>
            <input type="radio" name={`${ids}-kind`} checked={kind === 'broadcast'} onChange={() => onKind('broadcast')} /> Broadcast
            channel
          </label>
        </div>
        <input
          aria-label={kind === 'stream' ? 'Stream name' : 'Channel name'}
          className="mono target-name"
          list={kind === 'stream' ? `${ids}-streams` : undefined}
          placeholder={kind === 'stream' ? 'e.g. app-kubernetes-job-events' : 'e.g. node.status'}
          value={name}
          onChange={(e) => onName(e.target.value)}
        />
        <datalist id={`${ids}-streams`}>
          {streams.map((x) => (
            <option key={x} value={x} />
          ))}
        </datalist>
      </div>
      {nameProblem ? <p className="field-problem">Name {nameProblem}</p> : null}
    </>
  );
}
