// Web mode: the built renderer and the console's WebSocket on one HTTP server, bound to loopback
// unless --allow-remote, every request checked by the guards (token, Origin, Host).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { createConsole, type ConsoleOptions, type ConsoleService } from '../console';
import { createWebSocketTransport, hardPayloadLimit, type WebSocketTransportOptions } from '../transport/websocket';
import { checkRequest, isLoopbackHost, newToken, TOKEN_COOKIE } from './guards';

export interface WebServerOptions {
  /** 0 picks a free port (default 5177). */
  port?: number;
  host?: string;
  /** Redis URL; otherwise REDIS_URL or the embedded default. */
  redis?: string;
  /** Required to bind a non-loopback address; the token is still required. */
  allowRemote?: boolean;
  /** The built renderer (default dist/renderer). */
  staticDir?: string;
  /** Fixed token (tests); default a fresh random one per launch. */
  token?: string;
  /** Use this console instead of creating one (tests); it is not closed by close(). */
  console?: ConsoleService;
  consoleOptions?: ConsoleOptions;
  transport?: WebSocketTransportOptions;
}

export interface WebServer {
  /** The full URL to open, token included. */
  url: string;
  token: string;
  host: string;
  port: number;
  console: ConsoleService;
  close(): Promise<void>;
}

export const DEFAULT_WEB_PORT = 5177;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function contentSecurityPolicy(hostHeader: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self' ws://${hostHeader}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function securityHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(req.headers.host ?? '127.0.0.1'),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // The token is in the page URL: never send it onwards.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${message}\n`);
}

function refuseUpgrade(socket: Socket, status: number, message: string): void {
  const text = status === 400 ? 'Bad Request' : 'Forbidden';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
}

export async function startWebServer(opts: WebServerOptions = {}): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  const allowRemote = opts.allowRemote ?? false;
  if (!isLoopbackHost(host) && !allowRemote) {
    throw new Error(`Refusing to bind ${host}: it is not a loopback address. Pass --allow-remote to serve other machines (the token is still required).`);
  }
  const token = opts.token ?? newToken();
  const staticDir = path.resolve(opts.staticDir ?? 'dist/renderer');
  const service = opts.console ?? (await createConsole({ ...opts.consoleOptions, ...(opts.redis ? { redis: opts.redis } : {}) }));
  const transport = createWebSocketTransport(service, opts.transport);
  const wss = new WebSocketServer({ noServer: true, maxPayload: hardPayloadLimit(opts.transport?.maxMessageBytes) });
  const guard = { token, allowRemote };

  const serveFile = async (req: IncomingMessage, res: ServerResponse, pathname: string, setCookie: boolean) => {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = path.resolve(staticDir, relative);
    if (file !== staticDir && !file.startsWith(staticDir + path.sep)) return refuse(res, 404, 'not found');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      if (relative === 'index.html') return refuse(res, 503, `The renderer is not built (no ${file}): run \`npm run build:renderer\`.`);
      return refuse(res, 404, 'not found');
    }
    const headers: Record<string, string> = {
      ...securityHeaders(req),
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': String(info.size),
    };
    // Assets the page loads by relative URL carry no ?token=; a strict same-site cookie covers them.
    if (setCookie) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  };

  const server = http.createServer((req, res) => {
    const verdict = checkRequest(req, guard);
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'only GET and HEAD');
    const { pathname } = new URL(req.url ?? '/', 'http://placeholder');
    void serveFile(req, res, pathname, verdict.tokenFrom === 'query').catch((e: Error) => refuse(res, 500, e.message));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const { pathname } = new URL(req.url ?? '/', 'http://placeholder');
    if (pathname !== '/ws') return refuseUpgrade(socket, 400, 'WebSocket only at /ws');
    const verdict = checkRequest(req, guard);
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason);
    wss.handleUpgrade(req, socket, head, (ws) => transport.accept(ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_WEB_PORT, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    host,
    port,
    console: service,
    close: async () => {
      transport.close();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!opts.console) await service.close();
    },
  };
}
