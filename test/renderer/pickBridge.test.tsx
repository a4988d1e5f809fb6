// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { pickBridge } from '../../renderer/bridge/pickBridge';
import { ConnectionBar } from '../../renderer/features/connection';
import { BRIDGE_GLOBAL } from '../../shared';
import type { WebSocketLike } from '../../shared/ws-bridge';
import { MemoryBridge } from './memoryBridge';
import { status } from './fixtures';

afterEach(() => {
  cleanup();
  delete (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL];
});

/** Records the URL it was opened with and lets the test open/close it. */
class FakeSocket implements WebSocketLike {
  static opened: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.opened.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(code: number) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

describe('pickBridge', () => {
  it('uses the bridge the Electron preload exposed', () => {
    const preload = new MemoryBridge();
    (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL] = preload;
    const picked = pickBridge(window, FakeSocket);
    expect(picked.bridge).toBe(preload);
    expect(picked.socket).toBeNull();
  });

  it('otherwise opens the web-mode socket on /ws with the page token', () => {
    FakeSocket.opened = [];
    const fakeWindow = { location: { protocol: 'http:', host: '127.0.0.1:5173', search: '?token=abc%2F123' } } as unknown as Window;
    const picked = pickBridge(fakeWindow, FakeSocket);
    expect(FakeSocket.opened.map((s) => s.url)).toEqual(['ws://127.0.0.1:5173/ws?token=abc%2F123']);
    expect(picked.socket).not.toBeNull();
    picked.socket?.close();
  });

  it('the connection bar says when the server socket drops, apart from Redis state', async () => {
    FakeSocket.opened = [];
    const fakeWindow = { location: { protocol: 'http:', host: 'h', search: '?token=t' } } as unknown as Window;
    const { socket } = pickBridge(fakeWindow, FakeSocket);
    const redis = new MemoryBridge().reply('connection.status', status()).reply('profiles.list', []);
    render(<ConnectionBar bridge={redis} socket={socket} />);
    act(() => FakeSocket.opened[0].open());
    expect(screen.queryByRole('alert')).toBeNull();
    act(() => FakeSocket.opened[0].drop(1006));
    expect(screen.getByRole('alert').textContent).toBe(
      'Lost the connection to the Streamscope server; reconnecting (web socket closed (1006))',
    );
    socket?.close();
  });
});
