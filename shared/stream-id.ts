// Stream id order for the renderer: the engine's own function (see electron/engine/stream-id.ts).
export { compareIds } from '../electron/engine/stream-id';
