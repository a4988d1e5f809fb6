// Reopen the last session: a start (not a link, not a reload, which keep their own place) offers the
// saved profile last connected to and the view last shown on it, or reopens it at once when the user
// chose so. A production connection is never connected to without a click, and a switch away from
// the current Redis says what it stops first. Meanwhile every view on a profile is remembered.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { isProductionLabel, type ConnectionProfile, type ConnectionStatus } from '../../../shared';
import { displayKeyName } from '../../../shared/key-name';
import type { ConnectionStore } from '../../state/connectionStore';
import { hashToView } from '../../state/location';
import {
  readLastSession,
  readReopenChoice,
  rememberSession,
  writeReopenChoice,
  type LastSession as Session,
} from '../../state/lastSession';
import { SwitchConfirm } from './SwitchConfirm';

const storage = () => globalThis.localStorage;

/** A view in words: "stream orders, pending tab". */
function describeView(hash: string): string {
  const view = hashToView(hash);
  if (view.kind !== 'stream') return { overview: 'the Overview', broadcast: 'Broadcast', publish: 'Publish' }[view.kind];
  return `stream ${displayKeyName(view.stream)}${view.tab ? `, ${view.tab} tab` : ''}${view.entry ? `, entry ${view.entry}` : ''}`;
}

interface Decision {
  offer: Offer | null;
  auto: boolean;
}

interface Offer {
  session: Session;
  profile: ConnectionProfile;
  /** The console is on this profile already: only the view is to reopen. */
  here: boolean;
}

export function LastSession({
  store,
  hash,
  startedWithLink,
  onView,
}: {
  store: ConnectionStore;
  /** The view shown now, as a link hash. */
  hash: string;
  /** The page opened on a link or was reloaded: it keeps that place, nothing is offered. */
  startedWithLink: boolean;
  onView: (hash: string) => void;
}) {
  const loaded = useStore(store, (s) => s.loaded);
  const status = useStore(store, (s) => s.status);
  // Read once, before this start's own views are remembered over it.
  const [last] = useState(() => (startedWithLink || readReopenChoice(storage()) === 'never' ? null : readLastSession(storage())));
  const [decision, setDecision] = useState<Decision | undefined>(undefined);
  const [shown, setShown] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // Decided once, when the first status and profile list are in (state adjusted while rendering).
  if (decision === undefined && loaded) setDecision(decide(last, store.getState().profiles, status));

  const reopen = async ({ session, profile, here }: Offer) => {
    if (!here) await store.getState().connect({ profileId: profile.id });
    const now = store.getState().status;
    if (now?.state === 'ready' && now.profileId === profile.id) onView(session.hash);
  };
  useEffect(() => {
    if (decision?.auto && decision.offer) void reopen(decision.offer);
    // Only the decision starts it; `reopen` reads the store when it runs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [decision]);

  useEffect(() => {
    if (status?.state !== 'ready' || !status.profileId) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the browser's storage is outside React: a refusal is shown when it happens
    setProblem(rememberSession(storage(), { profileId: status.profileId, hash }));
  }, [status?.state, status?.profileId, hash]);

  const offer = decision && !decision.auto && shown ? decision.offer : null;
  return (
    <>
      {problem ? (
        <div className="conn-banner conn-banner-failed" role="alert">
          {problem}
        </div>
      ) : null}
      {offer ? (
        <OfferBanner
          offer={offer}
          onReopen={() => {
            if (offer.here) {
              setShown(false);
              void reopen(offer);
            } else setConfirming(true);
          }}
          onNotNow={() => setShown(false)}
          onNever={() => {
            setShown(false);
            setProblem(writeReopenChoice(storage(), 'never'));
          }}
        />
      ) : null}
      {confirming && decision?.offer ? (
        <SwitchConfirm
          store={store}
          to={decision.offer.profile.url}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            setShown(false);
            void reopen(decision.offer!);
          }}
        />
      ) : null}
    </>
  );
}

/** The offer to reopen: which profile and view, and the three answers. */
function OfferBanner({
  offer,
  onReopen,
  onNotNow,
  onNever,
}: {
  offer: Offer;
  onReopen: () => void;
  onNotNow: () => void;
  onNever: () => void;
}) {
  return (
    <div className="conn-banner conn-banner-offer" role="region" aria-label="Last session">
      <span>
        {offer.here ? 'Last view on ' : 'Last session: '}
        <strong>{offer.profile.name}</strong>
        {offer.profile.label ? (
          <span className={`badge conn-label conn-label-${offer.profile.colour ?? 'grey'}`}>{offer.profile.label}</span>
        ) : null}{' '}
        — {describeView(offer.session.hash)}
        {isProductionLabel(offer.profile.label) ? ' (a production connection: reopened only when you click)' : ''}.
      </span>
      <span className="conn-banner-actions">
        <button type="button" onClick={onReopen}>
          Reopen
        </button>
        <button type="button" onClick={onNotNow}>
          Not now
        </button>
        <button type="button" onClick={onNever}>
          Don&apos;t offer again
        </button>
      </span>
    </div>
  );
}

/** What a start does: nothing (no offer), offer it, or reopen it at once (never a production profile). */
function decide(last: Session | null, profiles: ConnectionProfile[], status: ConnectionStatus | null): Decision {
  const profile = last && profiles.find((p) => p.id === last.profileId);
  if (!last || !profile) return { offer: null, auto: false };
  const here = status?.state === 'ready' && status.profileId === profile.id;
  if (here && last.hash === '#/overview') return { offer: null, auto: false };
  return { offer: { session: last, profile, here }, auto: readReopenChoice(storage()) === 'always' && !isProductionLabel(profile.label) };
}
