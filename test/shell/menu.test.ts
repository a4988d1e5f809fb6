import { describe, expect, it, vi } from 'vitest';
import { aboutText } from '../../electron/shell/about';
import { buildMenuTemplate, flattenMenu } from '../../electron/shell/menu';

const roles = (platform: NodeJS.Platform, isDevelopment: boolean) =>
  flattenMenu(buildMenuTemplate({ platform, isDevelopment, onAbout: () => {} })).map((i) => i.role);

describe('application menu', () => {
  it.each(['linux', 'darwin', 'win32'] as const)('has reload on %s, and DevTools only in development', (platform) => {
    expect(roles(platform, false)).toContain('reload');
    expect(roles(platform, false)).not.toContain('toggleDevTools');
    expect(roles(platform, true)).toContain('toggleDevTools');
  });

  it.each(['linux', 'darwin'] as const)('has an About item on %s that calls back', (platform) => {
    const onAbout = vi.fn();
    const about = flattenMenu(buildMenuTemplate({ platform, isDevelopment: false, onAbout })).filter(
      (i) => i.label === 'About Streamscope',
    );
    expect(about).toHaveLength(1);
    about[0].click!();
    expect(onAbout).toHaveBeenCalledOnce();
  });
});

describe('about text', () => {
  it('names Streamscope, Electron and the Redis server versions', () => {
    const text = aboutText({
      app: '0.1.0',
      electron: '45.5.0',
      chrome: '140.0',
      node: '22.1.0',
      redis: '7.0.15',
      redisUrl: 'redis://127.0.0.1:6379',
    });
    expect(text.split('\n')).toEqual([
      'Streamscope 0.1.0',
      'Electron 45.5.0',
      'Chromium 140.0',
      'Node.js 22.1.0',
      'Redis server 7.0.15 (redis://127.0.0.1:6379)',
    ]);
  });

  it('says so when not connected', () => {
    expect(aboutText({ app: '0.1.0', electron: '45.5.0' })).toBe('Streamscope 0.1.0\nElectron 45.5.0\nRedis server: not connected');
  });
});
