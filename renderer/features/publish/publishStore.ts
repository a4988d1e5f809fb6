// Publishing from the UI: one message (shows the new id or the receiver count), or a job that
// sends N rendered templates at X msg/s on the main side and reports progress until done or
// cancelled. Saved payloads persist in localStorage.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, PublishJob, ReplyError } from '../../../shared';
import { loadSavedPayloads, writeSavedPayloads, type SavedPayload } from './savedPayloads';
import { renderTemplate } from '../../../shared/templates';

export type PublishTarget = { kind: 'stream' | 'broadcast'; name: string };
/** One field of a stream entry to publish; its value may hold templates. */
export type FieldTemplate = { name: string; value: string };
/** What one message is: a JSON template (UCloud's `msg`, or a broadcast payload), or a stream entry's fields. */
/** `encoded`: a stream's `msg` is written as the bytes its remembered decoder makes of the JSON. */
export type PublishPayload = { kind: 'msg'; template: string; encoded?: boolean } | { kind: 'fields'; fields: FieldTemplate[] };
export type SendResult =
  { kind: 'stream'; name: string; id: string } | { kind: 'broadcast'; name: string; receivers: number; ownExcluded?: number };

export interface PublishState {
  sending: boolean;
  lastSent: SendResult | null;
  sendError: ReplyError | null;
  job: PublishJob | null;
  jobError: ReplyError | null;
  saved: SavedPayload[];
  savedError: string | null;
  sendOne: (target: PublishTarget, payload: string | PublishPayload) => Promise<boolean>;
  startJob: (target: PublishTarget, payload: string | PublishPayload, count: number, ratePerSec: number) => Promise<boolean>;
  cancelJob: () => Promise<void>;
  savePayload: (payload: SavedPayload) => void;
  deletePayload: (name: string) => void;
  subscribe: () => () => void;
}

export type PublishStore = StoreApi<PublishState>;

const asPayload = (payload: string | PublishPayload): PublishPayload =>
  typeof payload === 'string' ? { kind: 'msg', template: payload } : payload;

export function createPublishStore(bridge: Bridge, storage: Storage | undefined = globalThis.localStorage): PublishStore {
  return createStore<PublishState>()((set, get) => ({
    sending: false,
    lastSent: null,
    sendError: null,
    job: null,
    jobError: null,
    saved: loadSavedPayloads(storage),
    savedError: null,

    async sendOne(target, payload) {
      const p = asPayload(payload);
      const json = p.kind === 'msg' ? renderTemplate(p.template, 1) : '';
      set({ sending: true, sendError: null, lastSent: null });
      if (target.kind === 'stream' && p.kind === 'msg' && p.encoded) {
        const encoded = await bridge.invoke('decoders.encode', { stream: target.name, json });
        const reply = encoded.ok
          ? await bridge.invoke('publish.event', { stream: target.name, fields: [{ name: 'msg', value: encoded.value.value }] })
          : encoded;
        set(
          reply.ok
            ? { sending: false, lastSent: { kind: 'stream', name: target.name, id: reply.value.id } }
            : { sending: false, sendError: reply.error },
        );
        return reply.ok;
      }
      if (target.kind === 'stream') {
        const now = Date.now();
        const reply = await bridge.invoke(
          'publish.event',
          p.kind === 'msg'
            ? { stream: target.name, json }
            : { stream: target.name, fields: p.fields.map((f) => ({ name: f.name, value: { text: renderTemplate(f.value, 1, now) } })) },
        );
        set(
          reply.ok
            ? { sending: false, lastSent: { kind: 'stream', name: target.name, id: reply.value.id } }
            : { sending: false, sendError: reply.error },
        );
        return reply.ok;
      }
      const reply = await bridge.invoke('publish.broadcast', { channel: target.name, json });
      set(
        reply.ok
          ? {
              sending: false,
              lastSent: {
                kind: 'broadcast',
                name: target.name,
                receivers: reply.value.receivers,
                ...(reply.value.ownExcluded ? { ownExcluded: reply.value.ownExcluded } : {}),
              },
            }
          : { sending: false, sendError: reply.error },
      );
      return reply.ok;
    },

    async startJob(target, payload, count, ratePerSec) {
      set({ jobError: null });
      const p = asPayload(payload);
      const reply = await bridge.invoke(
        'publish.start',
        p.kind === 'msg' ? { target, template: p.template, count, ratePerSec } : { target, fields: p.fields, count, ratePerSec },
      );
      if (!reply.ok) {
        set({ jobError: reply.error });
        return false;
      }
      // Progress may already have arrived for this job; keep whichever has sent more.
      const current = get().job;
      set({ job: current && current.jobId === reply.value.jobId && current.sent > reply.value.sent ? current : reply.value });
      return true;
    },

    async cancelJob() {
      const job = get().job;
      if (!job || job.state !== 'running') return;
      const reply = await bridge.invoke('publish.cancel', { jobId: job.jobId });
      if (reply.ok) set({ job: reply.value, jobError: null });
      else set({ jobError: reply.error });
    },

    savePayload(payload) {
      const saved = get()
        .saved.filter((p) => p.name !== payload.name)
        .concat(payload);
      set({ saved, savedError: writeSavedPayloads(storage, saved) });
    },

    deletePayload(name) {
      const saved = get().saved.filter((p) => p.name !== name);
      set({ saved, savedError: writeSavedPayloads(storage, saved) });
    },

    subscribe() {
      return bridge.on('publish.progress', (job) => {
        const current = get().job;
        if (current && current.jobId === job.jobId) set({ job });
        else if (!current || current.state !== 'running') set({ job }); // a job started before this view opened
      });
    },
  }));
}
