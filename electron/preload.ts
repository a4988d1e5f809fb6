// Preload (sandboxed, bundled to one CommonJS file): exposes exactly one object, the typed
// bridge, under window.streamscope. ipcRenderer itself never reaches the page; the bridge only
// carries the contract's methods and events over the two fixed channels.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, type Bridge } from '../shared/bridge';
import { createIpcBridge } from './transport/ipc';

const ipcBridge = createIpcBridge(ipcRenderer);

// A plain object of two functions: contextBridge copies own properties only (a class instance
// would arrive without its methods), and nothing else of the transport becomes reachable.
const bridge = Object.freeze<Bridge>({
  invoke: (method, args) => ipcBridge.invoke(method, args),
  on: (event, listener) => ipcBridge.on(event, listener),
});

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
