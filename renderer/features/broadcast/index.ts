// Placeholder by UI engineer A so the app can mount; engineer B owns and replaces this file.
import { createElement } from 'react';
import type { Bridge } from '../../../shared';

export function BroadcastView(_props: { bridge: Bridge }) {
  return createElement('p', { className: 'placeholder' }, 'BroadcastView coming');
}
