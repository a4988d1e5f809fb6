// Web mode: the built renderer and the console's WebSocket on one HTTP server, bound to loopback
// unless --allow-remote, every request checked by the guards (token, Origin, Host).
import { open } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream';
import { WebSocketServer } from 'ws';
import { createConsole, type ConsoleOptions, type ConsoleService } from '../console';
import { createWebSocketTransport, hardPayloadLimit, type WebSocketTransportOptions } from '../transport/websocket';
import { webModeCsp } from '../shell/csp';
import { checkRequest, isLoopbackHost, METRICS_PATH, newToken, parseRequestTarget, TOKEN_COOKIE } from './guards';
import { createMetricsEndpoint, METRICS_CONTENT_TYPE, type MetricsOptions } from './metrics';

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
  http?: HttpLimits;
  /** GET /metrics (Prometheus text): streams per scrape and reuse of a snapshot. */
  metrics?: MetricsOptions;
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

/** Bounds of the HTTP edge; see docs/web-mode.md. */
export interface HttpLimits {
  /** Time for a request's line and headers to arrive (default 10 s); a slower one is answered 408 and closed. */
  headersTimeoutMs?: number;
  /** Time for a whole request (default 30 s; only GET and HEAD are served, so there is no body worth waiting for). */
  requestTimeoutMs?: number;
  /** How long a kept-alive connection may sit idle between requests (default 5 s). */
  keepAliveTimeoutMs?: number;
  /** Largest request line and headers together (default 16 KiB, Node's own); larger is answered 431. */
  maxHeaderBytes?: number;
  /** Headers read per request (default 100); the rest are ignored. */
  maxHeaders?: number;
  /** Open TCP connections (pages, assets and WebSockets together, default 1024); beyond it new ones are closed at once. */
  maxConnections?: number;
}

export const DEFAULT_HTTP_LIMITS: Required<HttpLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 16 * 1024,
  maxHeaders: 100,
  maxConnections: 1024,
};

function httpLimits(given: HttpLimits = {}): Required<HttpLimits> {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...given };
  // Node refuses a header timeout longer than the request timeout.
  limits.headersTimeoutMs = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return limits;
}

/**
 * Runs a request handler so that nothing it throws escapes into the HTTP server (where it would end
 * the process): the request is answered through `fail` instead, and the cause goes to stderr.
 */
function guarded(handle: () => void, fail: (message: string) => void): void {
  try {
    handle();
  } catch (error) {
    const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
    reportOnce(`web mode: ${message}`);
    try {
      fail(message);
    } catch {
      // the answer itself failed: the connection is lost, the server goes on
    }
  }
}

let lastReportAt = 0;
/** stderr, at most once a second: a flood of failures must not become a flood of log lines. */
function reportOnce(line: string): void {
  const now = Date.now();
  if (now - lastReportAt < 1000) return;
  lastReportAt = now;
  console.error(line);
}

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
  return webModeCsp(hostHeader);
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
  // A response already under way (a file half sent) cannot change its status: cut it off instead.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...(status >= 400 ? { Connection: 'close' } : {}),
  });
  res.end(`${message}\n`);
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** An HTTP answer written straight to a socket (upgrade refusals, parser errors), then closed. */
function answerRaw(socket: Duplex, status: number, message: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // A peer that never reads must not keep the socket: it is closed once the answer is flushed or after a grace.
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * The answer to a request Node's parser refused before any handler saw it (bad request line or
 * header, headers too large, too slow to arrive), or null to just close: the peer went away, or a
 * response is already being written on this connection.
 */
export function clientErrorAnswer(error: Error & { code?: string }): { status: number; message: string } | null {
  const code = error.code ?? '';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, message: 'request took too long to arrive' };
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, message: 'request headers are too large' };
  if (code.startsWith('HPE_')) return { status: 400, message: `malformed request (${code.slice(4).toLowerCase().replace(/_/g, ' ')})` };
  return null;
}

export async function startWebServer(opts: WebServerOptions = {}): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  const allowRemote = opts.allowRemote ?? false;
  if (!isLoopbackHost(host) && !allowRemote) {
    throw new Error(
      `Refusing to bind ${host}: it is not a loopback address. Pass --allow-remote to serve other machines (the token is still required).`,
    );
  }
  const token = opts.token ?? newToken();
  const staticDir = path.resolve(opts.staticDir ?? 'dist/renderer');
  const service = opts.console ?? (await createConsole({ ...opts.consoleOptions, ...(opts.redis ? { redis: opts.redis } : {}) }));
  const transport = createWebSocketTransport(service, opts.transport);
  const wss = new WebSocketServer({ noServer: true, maxPayload: hardPayloadLimit(opts.transport?.maxMessageBytes) });
  const guard = { token, allowRemote };

  const limits = httpLimits(opts.http);
  const metrics = createMetricsEndpoint(service, opts.metrics);

  const serveMetrics = async (req: IncomingMessage, res: ServerResponse) => {
    const text = await metrics.scrape();
    res.writeHead(200, {
      ...securityHeaders(req),
      'Content-Type': METRICS_CONTENT_TYPE,
      'Content-Length': String(Buffer.byteLength(text)),
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  };

  const serveFile = async (req: IncomingMessage, res: ServerResponse, relative: string, setCookie: boolean) => {
    const file = path.resolve(staticDir, relative);
    if (file !== staticDir && !file.startsWith(staticDir + path.sep)) return refuse(res, 404, 'not found');
    // Opened before answering, so a file that cannot be read is a 404, never a 200 cut short.
    const handle = await open(file, 'r').catch(() => null);
    const info = await handle?.stat().catch(() => null);
    if (!handle || !info?.isFile()) {
      await handle?.close().catch(() => undefined);
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
    if (req.method === 'HEAD') {
      await handle.close().catch(() => undefined);
      res.end();
      return;
    }
    // A peer that goes away mid-file only ends this response (pipeline destroys both ends).
    pipeline(handle.createReadStream(), res, () => undefined);
  };

  /** Responses being written per connection: a parser error on such a connection closes it instead of answering over them. */
  const writing = new WeakMap<Duplex, number>();

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    writing.set(socket, (writing.get(socket) ?? 0) + 1);
    res.once('close', () => writing.set(socket, (writing.get(socket) ?? 1) - 1));
    const target = parseRequestTarget(req.url);
    if (!target) return refuse(res, 400, 'malformed request target: expected a path such as /index.html');
    const verdict = checkRequest(req, target, guard);
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'only GET and HEAD');
    if (target.pathname === METRICS_PATH) return void serveMetrics(req, res).catch((e: Error) => refuse(res, 500, e.message));
    let relative: string;
    try {
      relative = target.pathname === '/' ? 'index.html' : decodeURIComponent(target.pathname).replace(/^\/+/, '');
    } catch {
      return refuse(res, 400, `malformed percent escape in path ${JSON.stringify(target.pathname.slice(0, 200))}`);
    }
    void serveFile(req, res, relative, verdict.tokenFrom === 'query').catch((e: Error) => refuse(res, 500, e.message));
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands an upgrade's socket over without an error listener: a peer resetting it now must
    // not become an uncaught exception.
    socket.on('error', () => socket.destroy());
    const target = parseRequestTarget(req.url);
    if (!target) return answerRaw(socket, 400, 'malformed request target: expected /ws');
    if (target.pathname !== '/ws') return answerRaw(socket, 400, 'WebSocket only at /ws');
    const verdict = checkRequest(req, target, guard);
    if (!verdict.ok) return answerRaw(socket, verdict.status, verdict.reason);
    wss.handleUpgrade(req, socket, head, (ws) => transport.accept(ws));
  };

  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      maxHeaderSize: limits.maxHeaderBytes,
      // How often the two timeouts above are checked: a quarter of the shorter one, at most 1 s.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    (req, res) =>
      guarded(
        () => onRequest(req, res),
        (message) => refuse(res, 500, message),
      ),
  );
  server.maxHeadersCount = limits.maxHeaders;
  server.maxConnections = limits.maxConnections;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    guarded(
      () => onUpgrade(req, socket, head),
      (message) => answerRaw(socket, 400, message),
    ),
  );
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    const answer = clientErrorAnswer(error);
    if (!answer || (writing.get(socket) ?? 0) > 0) return socket.destroy();
    answerRaw(socket, answer.status, answer.message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_WEB_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, errors are about accepting connections (e.g. out of file descriptors): the
  // connection is lost, the server goes on.
  server.on('error', (error) => reportOnce(`web mode: ${error.message}`));
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
      metrics.close();
      transport.close();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!opts.console) await service.close();
    },
  };
}
