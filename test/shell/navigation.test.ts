import { describe, expect, it } from 'vitest';
import { allowWebviewAttach, isAllowedNavigation, windowOpenDecision } from '../../electron/shell/navigation';
import { devServerRenderer, fileRenderer, rendererEntryUrl } from '../../electron/shell/renderer-location';
import { isTrustedSender } from '../../electron/shell/trusted-sender';

const file = fileRenderer('/opt/Streamscope/resources/app/dist/renderer/index.html');
const dev = devServerRenderer('http://127.0.0.1:5173', false)!;

describe('renderer location', () => {
  it('loads our index over file:// or the dev server root', () => {
    expect(rendererEntryUrl(file)).toBe('file:///opt/Streamscope/resources/app/dist/renderer/index.html');
    expect(rendererEntryUrl(dev)).toBe('http://127.0.0.1:5173/');
  });

  it('never uses a dev server in a packaged app', () => {
    expect(devServerRenderer('http://127.0.0.1:5173', true)).toBeNull();
    expect(devServerRenderer(undefined, false)).toBeNull();
  });

  it('refuses a dev server that is not loopback http(s)', () => {
    expect(() => devServerRenderer('http://evil.example:5173', false)).toThrow(/loopback/);
    expect(() => devServerRenderer('file:///etc/passwd', false)).toThrow(/http/);
    expect(() => devServerRenderer('not a url', false)).toThrow(/dev server URL/);
  });
});

describe('isAllowedNavigation', () => {
  it('allows our own document (hash routes included)', () => {
    expect(isAllowedNavigation(rendererEntryUrl(file), file)).toBe(true);
    expect(isAllowedNavigation(`${rendererEntryUrl(file)}#/streams/orders`, file)).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:5173/#/x', dev)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:5174/',
    'file:///etc/passwd',
    'file:///opt/Streamscope/resources/app/dist/renderer/other.html',
    'file:///opt/Streamscope/resources/app/dist/renderer/../../../../../etc/passwd',
    'file://remote-host/opt/Streamscope/resources/app/dist/renderer/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
    '',
    'not a url',
  ])('denies %j from the file:// renderer', (url) => {
    expect(isAllowedNavigation(url, file)).toBe(false);
  });

  it.each([
    'http://127.0.0.1:5173@evil.example/',
    'http://user:pw@127.0.0.1:5173/',
    'https://127.0.0.1:5173/',
    'http://localhost:5173/',
    'ws://127.0.0.1:5173/',
  ])('denies %j from the dev-server renderer', (url) => {
    expect(isAllowedNavigation(url, dev)).toBe(false);
  });

  it('denies every new window and every <webview>', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    expect(allowWebviewAttach()).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only frames showing our renderer', () => {
    expect(isTrustedSender(rendererEntryUrl(file), file)).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:5173/index.html', dev)).toBe(true);
  });

  it.each([null, undefined, '', 'about:blank', 'https://example.com/', 'file:///tmp/evil.html', 'data:text/html,x'])(
    'refuses a frame at %j',
    (url) => {
      expect(isTrustedSender(url, file)).toBe(false);
    },
  );

  it('does not trust the dev server when the app loads from file:// (and vice versa)', () => {
    expect(isTrustedSender('http://127.0.0.1:5173/', file)).toBe(false);
    expect(isTrustedSender(rendererEntryUrl(file), dev)).toBe(false);
  });
});
