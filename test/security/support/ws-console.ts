// A console on a given Redis, served by the real WebSocket transport on a loopback port, with a
// RawClient connected to it.
import { WebSocketServer } from 'ws';
import { createConsole, type ConsoleService } from '../../../electron/console';
import { createWebSocketTransport, hardPayloadLimit, type WebSocketTransportOptions } from '../../../electron/transport/websocket';
import { RawClient } from './raw-client';

export interface WsConsole {
  service: ConsoleService;
  client: RawClient;
  close(): Promise<void>;
}

export async function startWsConsole(redisUrl: string, opts: WebSocketTransportOptions = {}): Promise<WsConsole> {
  const service = await createConsole({ redis: redisUrl, embedded: false });
  const transport = createWebSocketTransport(service, opts);
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: hardPayloadLimit(opts.maxMessageBytes) });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (s) => transport.accept(s));
  const address = wss.address();
  const client = await RawClient.open(`ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  return {
    service,
    client,
    close: async () => {
      client.close();
      transport.close();
      await new Promise<void>((r) => wss.close(() => r()));
      await service.close();
    },
  };
}
