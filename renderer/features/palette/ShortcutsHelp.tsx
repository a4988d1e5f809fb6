// The help overlay (`?`): every keyboard shortcut, from the same list the listener reads.
import { Dialog } from '../../components/Dialog';
import { SHORTCUTS, VIEW_KEYS } from './shortcuts';
import './palette.css';

const Keys = ({ keys }: { keys: string[] }) => (
  <>
    {keys.map((k, i) => (
      <span key={k}>
        {i > 0 ? ' then ' : null}
        <kbd>{k}</kbd>
      </span>
    ))}
  </>
);

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} className="shortcuts-dialog">
      <table className="grid shortcuts" aria-label="Keyboard shortcuts">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {[...SHORTCUTS, ...VIEW_KEYS].map((s) => (
            <tr key={s.description}>
              <td>
                <Keys keys={s.keys} />
              </td>
              <td>{s.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
