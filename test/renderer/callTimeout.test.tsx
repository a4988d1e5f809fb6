// @vitest-environment happy-dom
// The UI says when the console did not answer: the page's WebSocket bridge, talking to a server
// that accepts the connection and never answers, resolves the call `timeout` and the view shows
// it where the action was taken, naming the method and the time.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { WebSocket, WebSocketServer } from 'ws';
import { Overview } from '../../renderer/features/overview';
import { createOverviewStore } from '../../renderer/state/overviewStore';
import { createWebSocketBridge, type WebSocketConstructor } from '../../shared/ws-bridge';

afterEach(cleanup);
const noop = () => {};

describe('a call the console never answers', () => {
  it('shows a timeout naming the method and the time in the view that made the call', async () => {
    const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => silent.once('listening', () => resolve()));
    const bridge = createWebSocketBridge({
      url: `ws://127.0.0.1:${(silent.address() as { port: number }).port}`,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      reconnect: false,
      callTimeoutMs: () => 200,
    });
    try {
      await bridge.ready();
      const store = createOverviewStore(bridge);
      render(<Overview bridge={bridge} store={store} onOpenStream={noop} onPublish={noop} onStartDemo={noop} />);
      await store.getState().refresh();
      const alerts = await screen.findAllByRole('alert');
      const text = alerts.map((a) => a.textContent).join('\n');
      // The error reads as the bridge words it (the code itself is in the tooltip).
      expect(text).toContain('Listing streams: streams.list: no answer from the console within 200 ms');
    } finally {
      bridge.close();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
