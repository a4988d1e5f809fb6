// Placeholder by UI engineer A so the Stream screen can mount; engineer B owns and replaces this file.
import { createElement } from 'react';
import type { Bridge } from '../../../shared';

export function FlowTab(_props: { bridge: Bridge; stream: string }) {
  return createElement('p', { className: 'placeholder' }, 'FlowTab coming');
}
