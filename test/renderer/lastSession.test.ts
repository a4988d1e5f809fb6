// @vitest-environment happy-dom
// The last session as stored text: what does not parse is dropped (or lands on the Overview, as a
// typed link would), and the start choice defaults to asking.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  LAST_SESSION_KEY,
  readLastSession,
  readReopenChoice,
  rememberSession,
  REOPEN_CHOICE_KEY,
  writeReopenChoice,
} from '../../renderer/state/lastSession';

beforeEach(() => localStorage.clear());

describe('last session storage', () => {
  it('keeps a profile and its view, read back through the link parser', () => {
    expect(readLastSession(localStorage)).toBeNull();
    expect(rememberSession(localStorage, { profileId: 'p1', hash: '#/stream/orders/pending' })).toBeNull();
    expect(readLastSession(localStorage)).toEqual({ profileId: 'p1', hash: '#/stream/orders/pending' });
    localStorage.setItem(LAST_SESSION_KEY, JSON.stringify({ profileId: 'p1', hash: '#/nowhere<script>' }));
    expect(readLastSession(localStorage)).toEqual({ profileId: 'p1', hash: '#/overview' });
  });

  it('drops what is not a session', () => {
    for (const text of [
      '{not json',
      '[]',
      '"p1"',
      JSON.stringify({ profileId: '', hash: '#/overview' }),
      JSON.stringify({ hash: '#/publish' }),
    ]) {
      localStorage.setItem(LAST_SESSION_KEY, text);
      expect(readLastSession(localStorage), text).toBeNull();
    }
  });

  it('asks unless told otherwise, and ignores a choice it does not know', () => {
    expect(readReopenChoice(localStorage)).toBe('ask');
    expect(writeReopenChoice(localStorage, 'never')).toBeNull();
    expect(readReopenChoice(localStorage)).toBe('never');
    localStorage.setItem(REOPEN_CHOICE_KEY, 'sometimes');
    expect(readReopenChoice(localStorage)).toBe('ask');
  });
});
