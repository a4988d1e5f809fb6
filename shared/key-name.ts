// Key names as the contract carries them. The engine owns the codec (it reads and writes key bytes);
// the contract and the renderer use the same functions.
export { displayKeyName, isTextKeyName, keyNameFromBytes, keyNameProblem, keyNameToBytes } from '../electron/engine/key-name';
