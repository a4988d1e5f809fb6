// Only the keyboard layer and the palette's types: the palette itself (and cmdk) load on first use.
export { KeyboardLayer } from './KeyboardLayer';
export type { PaletteAction, PaletteTarget } from './CommandPalette';
