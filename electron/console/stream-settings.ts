// Per-stream choices the user makes once and expects back: the decoder a stream's values are read
// with, and its saved filters. Kept in the saved connection profile in use (its `streams` group),
// or, on a connection without a profile, in memory until the console closes.
import type { DecoderSpec, SavedFilter } from '../../shared/decoding';
import type { ProfileStore, StreamPreferences } from './profiles';

/** Saved filters one stream keeps at most. */
export const MAX_SAVED_FILTERS = 50;

export class StreamSettings {
  /** Settings of connections without a profile, by stream name. */
  private readonly unsaved = new Map<string, StreamPreferences>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly profiles: ProfileStore | null,
    private readonly profileId: () => string | undefined,
  ) {}

  /** True when changes are kept in a saved profile. */
  remembered(): boolean {
    return Boolean(this.profiles && this.profileId());
  }

  async get(stream: string): Promise<StreamPreferences> {
    const id = this.profileId();
    if (this.profiles && id) {
      const profile = await this.profiles.get(id);
      return profile?.streams?.[stream] ?? {};
    }
    return this.unsaved.get(stream) ?? {};
  }

  async decoder(stream: string): Promise<DecoderSpec | null> {
    return (await this.get(stream)).decoder ?? null;
  }

  async filters(stream: string): Promise<SavedFilter[]> {
    return (await this.get(stream)).filters ?? [];
  }

  /** Applies `change` to the stream's settings and keeps the result; one change at a time, so none is lost. */
  update(stream: string, change: (current: StreamPreferences) => StreamPreferences): Promise<StreamPreferences> {
    const work = this.queue.then(async () => {
      const id = this.profileId();
      if (this.profiles && id) {
        const profile = await this.profiles.get(id);
        if (profile) {
          const streams = { ...profile.streams };
          const next = change(streams[stream] ?? {});
          if (isEmpty(next)) delete streams[stream];
          else streams[stream] = next;
          await this.profiles.save({ ...profile, streams });
          return next;
        }
      }
      const next = change(this.unsaved.get(stream) ?? {});
      if (isEmpty(next)) this.unsaved.delete(stream);
      else this.unsaved.set(stream, next);
      return next;
    });
    this.queue = work.catch(() => undefined);
    return work;
  }
}

const isEmpty = (p: StreamPreferences) => !p.decoder && (!p.filters || p.filters.length === 0);
