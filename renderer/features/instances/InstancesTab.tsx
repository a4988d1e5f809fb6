// Instances of every group on the stream: presence, mode, rates, in flight, idle, share of load and
// latency; hosted ones can be paused, resumed, crashed (confirmed) or made to leave.
import { displayKeyName } from '../../../shared/key-name';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { Bridge, GroupInfo, HostedInstance, InstanceInfo } from '../../../shared';
import { JoinInstancePanel } from '../join';
import { LagValue } from '../groups/LagValue';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { createInstancesStore, isDark, type InstancesState } from './instancesStore';
import { hostedSettings, latencyText, modeText, rate } from './format';
import { formatDuration, plural } from '../../state/format';
import { ShareBar } from './ShareBar';
import { DarkBanner } from './DarkBanner';
import '../../components/tables.css';
import './instances.css';
import { WriteButton } from '../../components/WriteButton';
import { useConnectionSafety } from '../../state/connectionSafety';

type Pending =
  { kind: 'crash'; hosted: HostedInstance; consumer: InstanceInfo } | { kind: 'delete'; group: string; consumer: InstanceInfo };

export function InstancesTab({ bridge, stream }: { bridge: Bridge; stream: string }) {
  const { production } = useConnectionSafety();
  const [store] = useState(() => createInstancesStore(bridge));
  const s = useStore(store);
  const [joining, setJoining] = useState(false);
  const [confirm, setConfirm] = useState<Pending | null>(null);

  useEffect(() => store.getState().start(stream), [store, stream]);

  const total = s.groups.reduce((n, g) => n + g.instances.length, 0);
  const dark = s.groups.flatMap((g) => {
    const rates = g.instances.map((i) => ({ deliveredPerSec: i.metrics?.deliveredPerSec ?? 0 }));
    return g.instances
      .filter((i) => isDark({ presence: i.presence, deliveredPerSec: i.metrics?.deliveredPerSec ?? 0 }, rates))
      .map((i) => ({ group: g.group, instance: i.name, presence: i.presence }));
  });
  return (
    <section className="ss-instances" aria-label="Instances">
      <header className="ss-toolbar">
        <h2>Instances</h2>
        {/* Named apart from the stream header's "Join as instance" so each control has its own name. */}
        <WriteButton type="button" onClick={() => setJoining((j) => !j)} aria-expanded={joining}>
          New hosted instance
        </WriteButton>
      </header>
      {joining && (
        <JoinInstancePanel
          bridge={bridge}
          stream={stream}
          onClose={() => {
            setJoining(false);
            void s.refresh();
          }}
        />
      )}
      <ErrorMessage error={s.loadError} context="Could not load instances" />
      <DarkBanner dark={dark} />
      {s.loaded && total === 0 && !s.loadError && (
        <EmptyState
          title={`No instances read ${displayKeyName(stream)} yet. Start one with “Join as instance” or “New hosted instance”, or start the demo.`}
        />
      )}
      {s.groups.map((g) => (
        <GroupInstancesTable key={g.group} group={g.group} info={g.info} instances={g.instances} s={s} onConfirm={setConfirm} />
      ))}
      {confirm?.kind === 'crash' && (
        <ConfirmDialog
          title={`Crash ${confirm.hosted.instance}?`}
          confirmLabel="Crash instance"
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void s.crash(confirm.hosted.id);
          }}
        >
          The instance stops mid-work without acking: its {plural(confirm.consumer.pending, 'pending entry', 'pending entries')} (Redis’s
          pending list for {confirm.consumer.name}
          {confirm.hosted.inFlight > 0 ? `, ${plural(confirm.hosted.inFlight, 'of them', 'of them')} in its handler right now` : ''}) stay
          pending until another instance claims them.
        </ConfirmDialog>
      )}
      {confirm?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete consumer ${confirm.consumer.name}?`}
          confirmLabel="Delete consumer"
          typeToConfirm={production ? displayKeyName(stream) : undefined}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void s.deleteConsumer(confirm.group, confirm.consumer.name);
          }}
        >
          It is removed from group {confirm.group}; its {plural(confirm.consumer.pending, 'pending entry', 'pending entries')}{' '}
          {confirm.consumer.pending === 1 ? 'is' : 'are'} dropped from the pending list and will not be redelivered.
        </ConfirmDialog>
      )}
    </section>
  );
}

function GroupInstancesTable({
  group,
  info,
  instances,
  s,
  onConfirm,
}: {
  group: string;
  info?: GroupInfo;
  instances: InstanceInfo[];
  s: InstancesState;
  onConfirm: (p: Pending) => void;
}) {
  const rates = instances.map((i) => ({ deliveredPerSec: i.metrics?.deliveredPerSec ?? 0 }));
  return (
    <div className="ss-group-block">
      <h3>
        group {group} <span className="muted">· {plural(instances.length, 'instance')}</span>
      </h3>
      {/* What waits for the group's instances, paused or not: the group's lag, not an instance's pending. */}
      {info && (
        <p className="ss-group-backlog" aria-label={`Backlog of ${group}`}>
          waiting (lag) <LagValue group={info} /> <span className="muted">· pending {info.pending.toLocaleString('en-US')}</span>
        </p>
      )}
      {instances.length === 0 ? (
        <p className="muted">No consumers in this group yet.</p>
      ) : (
        <div className="ss-table-wrap">
          <table className="ss-table" aria-label={`Instances of ${group}`}>
            <thead>
              <tr>
                <th scope="col">Instance</th>
                <th scope="col">Mode</th>
                <th scope="col" className="num">
                  Delivered/s
                </th>
                <th scope="col" className="num">
                  Acked/s
                </th>
                <th scope="col" className="num">
                  In flight
                </th>
                <th scope="col" className="num">
                  Pending
                </th>
                <th scope="col" className="num">
                  Idle
                </th>
                <th scope="col">Share of load</th>
                <th scope="col" className="num" title="p50 / p99 of publish → deliver and of deliver → ack">
                  Latency p50 / p99
                </th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {instances.map((i) => {
                const m = i.metrics;
                const dark = isDark({ presence: i.presence, deliveredPerSec: m?.deliveredPerSec ?? 0 }, rates);
                const hosted = i.hostedId ? s.hosted[i.hostedId] : undefined;
                const err =
                  s.actionError && (s.actionError.target === i.hostedId || s.actionError.target === `${group}/${i.name}`)
                    ? s.actionError.error
                    : null;
                return (
                  <tr key={i.name} className={dark ? 'ss-dark' : undefined}>
                    <th scope="row">
                      <span className="ss-instance-name">{i.name}</span>{' '}
                      {/* A hosted instance that is paused (or has ended) is that, whatever its heartbeat says. */}
                      {hosted && hosted.state !== 'running' ? (
                        <span className="ss-badge unknown">{hosted.state}</span>
                      ) : (
                        <span className={`ss-badge ${i.presence}`}>{i.presence}</span>
                      )}
                      {i.hostedId && <span className="ss-badge hosted">hosted</span>}
                      {dark && <span className="ss-badge stale">not receiving</span>}
                      {hosted?.errors && <EngineErrors name={i.name} errors={hosted.errors} />}
                      <ErrorMessage error={err} context={i.name} />
                    </th>
                    <td className="ss-mode">
                      {modeText(i.mode)}
                      {hosted && <div className="muted ss-sub">{hostedSettings(hosted)}</div>}
                    </td>
                    <td className="num">{m ? rate(m.deliveredPerSec) : '—'}</td>
                    <td className="num">{m ? rate(m.ackedPerSec) : '—'}</td>
                    <td className="num">{m ? m.inFlight : '—'}</td>
                    <td className="num">{i.pending}</td>
                    <td className="num">{formatDuration(i.idleMs)}</td>
                    <td>{m ? <ShareBar share={m.share} label={`Share of load of ${i.name}`} dark={dark} /> : '—'}</td>
                    <td className="num">
                      <div>deliver {latencyText(m?.publishToDeliverMs ?? null)}</div>
                      <div className="muted ss-sub">ack {latencyText(m?.deliverToAckMs ?? null)}</div>
                    </td>
                    <td>
                      <div className="ss-actions">
                        {i.hostedId && (
                          <HostedButtons
                            id={i.hostedId}
                            name={i.name}
                            hosted={hosted}
                            s={s}
                            onCrash={(h) => onConfirm({ kind: 'crash', hosted: h, consumer: i })}
                          />
                        )}
                        <WriteButton
                          type="button"
                          className="ss-danger"
                          aria-label={`Delete consumer ${i.name}`}
                          onClick={() => onConfirm({ kind: 'delete', group, consumer: i })}
                        >
                          Delete
                        </WriteButton>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** What the instance's engine reported outside its handler: how many errors, and the latest in words. */
function EngineErrors({ name, errors }: { name: string; errors: NonNullable<HostedInstance['errors']> }) {
  const { last, count } = errors;
  return (
    <div className="ss-sub ss-engine-errors" aria-label={`Engine errors of ${name}`}>
      <span className="ss-badge stale">{count === 1 ? '1 error' : `${count.toLocaleString('en-US')} errors`}</span> last at{' '}
      <time dateTime={new Date(last.at).toISOString()}>{new Date(last.at).toISOString().slice(11, 19)}</time>, {last.context}:{' '}
      {last.message}
    </div>
  );
}

function HostedButtons({
  id,
  name,
  hosted,
  s,
  onCrash,
}: {
  id: string;
  name: string;
  hosted: HostedInstance | undefined;
  s: InstancesState;
  onCrash: (h: HostedInstance) => void;
}) {
  const state = hosted?.state ?? 'running';
  if (state === 'crashed' || state === 'left') return null;
  return (
    <>
      {state === 'paused' ? (
        <WriteButton type="button" aria-label={`Resume ${name}`} onClick={() => void s.resume(id)}>
          Resume
        </WriteButton>
      ) : (
        <WriteButton type="button" aria-label={`Pause ${name}`} onClick={() => void s.pause(id)}>
          Pause
        </WriteButton>
      )}
      <WriteButton
        type="button"
        className="ss-danger"
        aria-label={`Crash ${name}`}
        onClick={() => onCrash(hosted ?? placeholderHosted(id, name))}
      >
        Crash
      </WriteButton>
      <WriteButton type="button" aria-label={`Leave ${name}`} onClick={() => void s.leave(id)}>
        Leave
      </WriteButton>
    </>
  );
}

/** Before instances.list answers we still know enough to crash by id. */
function placeholderHosted(id: string, instance: string): HostedInstance {
  return {
    id,
    stream: '',
    group: '',
    instance,
    mode: { kind: 'immediate' },
    processingDelayMs: 0,
    failureRate: 0,
    ackMode: 'auto',
    state: 'running',
    delivered: 0,
    acked: 0,
    failed: 0,
    inFlight: 0,
  };
}
