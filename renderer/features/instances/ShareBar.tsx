// One instance's share of its group's deliveries as a live horizontal bar (0..1).
export function ShareBar({ share, label, dark }: { share: number; label: string; dark?: boolean }) {
  const pct = Math.max(0, Math.min(1, share)) * 100;
  return (
    <div
      className={`ss-share${dark ? ' dark' : ''}`}
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(pct)}
      aria-valuetext={`${Math.round(pct)}%`}
    >
      <div className="ss-share-fill" style={{ width: `${pct}%` }} />
      <span className="ss-share-text">{Math.round(pct)}%</span>
    </div>
  );
}
