// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { LazyBoundary, lazyNamed } from '../../renderer/components/Lazy';
import { ErrorBoundary } from '../../renderer/components/ErrorBoundary';

afterEach(cleanup);

describe('lazy views', () => {
  it('announce that they are loading, then render the named export', async () => {
    let release!: () => void;
    const Tab = lazyNamed(
      () =>
        new Promise<{ ChartsTab: () => React.JSX.Element }>(
          (resolve) => (release = () => resolve({ ChartsTab: () => <p>charts here</p> })),
        ),
      'ChartsTab',
    );
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

  it('retry a chunk download that failed before showing the view', async () => {
    let tries = 0;
    const Tab = lazyNamed(
      async () => {
        tries++;
        if (tries < 3) throw new TypeError('Failed to fetch dynamically imported module');
        return { FlowTab: () => <p>flow here</p> };
      },
      'FlowTab',
      [1, 1],
    );
    render(
      <LazyBoundary what="the Flow tab">
        <Tab />
      </LazyBoundary>,
    );
    expect(await screen.findByText('flow here')).toBeTruthy();
    expect(tries).toBe(3);
  });

  it('give up after the last try, so the error boundary can say so', async () => {
    let tries = 0;
    const Tab = lazyNamed(
      async (): Promise<{ PendingTab: () => React.JSX.Element }> => {
        tries++;
        throw new TypeError('Failed to fetch dynamically imported module');
      },
      'PendingTab',
      [1],
    );
    render(
      <ErrorBoundary what="the Pending tab">
        <LazyBoundary what="the Pending tab">
          <Tab />
        </LazyBoundary>
      </ErrorBoundary>,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('the Pending tab');
    expect(tries).toBe(2);
  });
});
