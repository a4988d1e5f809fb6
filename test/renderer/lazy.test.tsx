// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { LazyBoundary, lazyNamed } from '../../renderer/components/Lazy';

afterEach(cleanup);

describe('lazy views', () => {
  it('announce that they are loading, then render the named export', async () => {
    let release!: () => void;
    const Tab = lazyNamed(() => new Promise<{ ChartsTab: () => React.JSX.Element }>((resolve) => (release = () => resolve({ ChartsTab: () => <p>charts here</p> }))), 'ChartsTab');
    render(
      <LazyBoundary what="the Charts tab">
        <Tab />
      </LazyBoundary>,
    );
    expect(screen.getByRole('status').textContent).toBe('Loading the Charts tab…');
    release();
    expect(await screen.findByText('charts here')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });
});
