// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { Dialog } from '../../renderer/components/Dialog';
import { until } from '../helpers/wait';

afterEach(cleanup);

/** A dialog whose second field disappears when `hide` is pressed from outside (as data arriving does). */
function Changing({ onReady }: { onReady: (hide: () => void) => void }) {
  const [shown, setShown] = useState(true);
  onReady(() => setShown(false));
  return (
    <Dialog title="Changing" onClose={() => undefined}>
      <input aria-label="first" />
      {shown ? <input aria-label="second" /> : null}
    </Dialog>
  );
}

describe('Dialog', () => {
  it('keeps focus inside when the focused field is removed under it', async () => {
    let hide = () => undefined as void;
    render(
      <>
        <button type="button">behind</button>
        <Changing onReady={(h) => (hide = h)} />
      </>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Changing' });
    screen.getByLabelText('second').focus();
    expect(document.activeElement).toBe(screen.getByLabelText('second'));
    act(() => hide());
    expect(screen.queryByLabelText('second')).toBeNull();
    await until(() => dialog.contains(document.activeElement), 'focus returns to the dialog');
    expect(dialog.contains(document.activeElement)).toBe(true);
  });
});
