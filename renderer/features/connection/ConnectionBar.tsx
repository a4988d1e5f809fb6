import type { Bridge } from '../../../shared';

export function ConnectionBar(_props: { bridge: Bridge }) {
  return <header className="connection-bar" aria-label="Connection">Streamscope</header>;
}
