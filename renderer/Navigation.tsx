// The navigation on the left: the views, every stream (with a filter once the list is long), and
// a link to the view on screen.
import { useState } from 'react';
import { displayKeyName } from '../shared/key-name';
import type { StreamSummary } from '../shared';
import { CopyLinkButton } from './components/CopyLinkButton';
import { matchesFilter } from './state/overviewStore';
import { linkTo } from './state/location';
import type { View } from './viewInAddress';

interface NavigationProps {
  view: View;
  onView: (view: View) => void;
  streams: StreamSummary[];
}

export function Navigation({ view, onView, streams }: NavigationProps) {
  const [filter, setFilter] = useState('');
  const listed = streams.filter((s) => matchesFilter(s.name, filter));

  const navButton = (label: string, target: View, active: boolean) => (
    <button
      type="button"
      title={label}
      className={active ? 'nav-item active' : 'nav-item'}
      aria-current={active ? 'page' : undefined}
      onClick={() => onView(target)}
    >
      {label}
    </button>
  );

  return (
    <nav className="sidebar" aria-label="Main">
      {navButton('Overview', { kind: 'overview' }, view.kind === 'overview')}
      {navButton('Broadcast', { kind: 'broadcast' }, view.kind === 'broadcast')}
      {navButton('Publish', { kind: 'publish' }, view.kind === 'publish')}
      <h2 className="nav-heading" id="nav-streams">
        Streams <span className="muted">{streams.length}</span>
      </h2>
      {streams.length > 8 ? (
        <input
          className="nav-filter"
          type="search"
          aria-label="Filter the stream list"
          placeholder="Filter streams"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      ) : null}
      <ul className="nav-streams" aria-labelledby="nav-streams">
        {listed.map((s) => (
          <li key={s.name}>
            {navButton(displayKeyName(s.name), { kind: 'stream', stream: s.name }, view.kind === 'stream' && view.stream === s.name)}
          </li>
        ))}
      </ul>
      <CopyLinkButton link={() => linkTo(view)} />
    </nav>
  );
}
