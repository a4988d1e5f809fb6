import type { Bridge } from '../../../shared';

export function DemoButton(_props: { bridge: Bridge }) {
  return null;
}
