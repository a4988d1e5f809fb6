// "Copy link": the address of the view on screen (stream, tab, entry), for a colleague or a bookmark.
import { useState } from 'react';
import { copyText } from '../features/entries/copyText';

export function CopyLinkButton({ link }: { link: () => string }) {
  const [status, setStatus] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  return (
    <div className="copy-link">
      <button
        type="button"
        onClick={async () => {
          const href = link();
          setShown(href);
          setStatus(await copyText(href));
        }}
      >
        Copy link to this view
      </button>
      {status ? (
        <p className="muted copy-link-status" role="status">
          {status === 'Copied' ? 'Link copied.' : `${status}; the link is:`}{' '}
          {status === 'Copied' ? null : <code className="mono">{shown}</code>}
        </p>
      ) : null}
    </div>
  );
}
