// happy-dom does no layout, so every element measures 0×0 and a virtualizer would render nothing.
// Give elements a fixed viewport size for the duration of a test file.
import { afterAll, beforeAll } from 'vitest';

export function withViewport(width = 1000, height = 480): void {
  const saved: Record<string, PropertyDescriptor | undefined> = {};
  beforeAll(() => {
    for (const [prop, value] of [
      ['clientHeight', height],
      ['clientWidth', width],
      ['offsetHeight', height],
      ['offsetWidth', width],
    ] as const) {
      saved[prop] = Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop);
      Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => value });
    }
  });
  afterAll(() => {
    for (const [prop, descriptor] of Object.entries(saved)) if (descriptor) Object.defineProperty(HTMLElement.prototype, prop, descriptor);
  });
}
