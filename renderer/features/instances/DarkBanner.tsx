// The alert none of the other tools has: which instances stopped receiving while their group works.
import './instances.css';
export interface DarkInstance {
  group: string;
  instance: string;
  presence: string;
}

export function DarkBanner({ dark }: { dark: DarkInstance[] }) {
  if (dark.length === 0) return null;
  return (
    <p className="ss-dark-banner" role="status" aria-label="Instances not receiving">
      ⚠ Not receiving: {dark.map((d) => `${d.group}/${d.instance}${d.presence === 'stale' ? ' (stale)' : ''}`).join(', ')}
      <span className="muted"> — stale, or getting nothing while others in the group do.</span>
    </p>
  );
}
