/**
 * The lab server: one process, one port. It serves the built site, `GET /healthz`, and the WebSocket endpoint
 * `/ws` through which each lab on a page runs its session. `startLabServer` returns a handle that tests use to
 * start a real server on port 0 and to close it, with every session it ran, when they are done.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { LABS } from '../labs';
import { type CaptureStatus, formatHostPort, MAX_FRAME_BYTES, WEBSOCKET_PATH } from '../src/protocol';
import { CapturePipeline } from './capture';
import { type ConfigInput, type LabServerConfig, resolveConfig } from './config';
import { sendHealth, sendJson } from './http/healthz';
import { createOriginPolicy } from './http/origin-policy';
import { servePcapng } from './http/pcapng-download';
import { createStaticHandler } from './http/static-files';
import type { LabDefinition } from './labs/lab-definition';
import { LabRegistry } from './labs/lab-registry';
import { log } from './log';
import { PortPool } from './ports/port-pool';
import { Connection } from './sessions/connection';
import { createHandlers } from './sessions/handlers';
import { CAPTURE_OFF } from './sessions/session';
import { SessionRegistry } from './sessions/session-registry';
import { webSocketFrames } from './transport/message-stream';

export interface RunningLabServer {
  readonly config: LabServerConfig;
  /** `http://host:port` of the running server. */
  readonly url: string;
  readonly port: number;
  readonly sessions: SessionRegistry;
  readonly ports: PortPool;
  /** The shared packet capture, when `capture` is `auto`. */
  readonly capture: CapturePipeline | undefined;
  /** Resolves once the capture runs or is known to be unavailable (at once when capture is off). */
  readonly captureReady: Promise<CaptureStatus>;
  close(): Promise<void>;
}

export async function startLabServer(
  input: ConfigInput = {},
  labs: readonly LabDefinition[] = LABS,
): Promise<RunningLabServer> {
  const config = resolveConfig(input);
  const registry = new LabRegistry(labs);
  const ports = new PortPool(config.labPorts);
  const { first, last } = config.labPorts;
  const capture =
    config.capture === 'auto'
      ? new CapturePipeline({
          portRange: { from: first, to: last },
          // A port just outside the lab range, inside the capture filter, that no session is ever given.
          canaryPort: first > 1 ? first - 1 : last + 1,
          ...(config.tsharkPath === undefined ? {} : { tsharkPath: config.tsharkPath }),
        })
      : undefined;
  const sessions = new SessionRegistry(config, registry, ports, capture);
  const handlers = createHandlers(sessions);
  const serveStatic = createStaticHandler(config.siteDir);
  const started = Date.now();

  const server = http.createServer(function serverOnRequest(request, response) {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') {
      sendHealth(response, {
        status: 'ok',
        sessions: sessions.size,
        version: config.version,
        uptime: Math.round((Date.now() - started) / 1000),
        capture: capture?.currentStatus ?? CAPTURE_OFF,
      });
      return;
    }
    if (path.startsWith('/api/sessions/')) {
      servePcapng(request, response, path, sessions);
      return;
    }
    if (path === WEBSOCKET_PATH) {
      sendJson(response, 426, { code: 'LAB_ERR_NOT_FOUND', message: '/ws speaks WebSocket only.' });
      return;
    }
    serveStatic(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { code: 'LAB_ERR_INTERNAL', message: 'Could not serve.' });
      else response.destroy();
    });
  });
  // Slow or idle HTTP clients must not hold sockets forever.
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  let origins = createOriginPolicy({ ...config, port: config.port });

  server.on('upgrade', function serverOnUpgrade(request, socket: Duplex, head) {
    socket.on('error', () => socket.destroy());
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== WEBSOCKET_PATH) {
      return refuse(socket, 404, 'LAB_ERR_NOT_FOUND', `The WebSocket endpoint is ${WEBSOCKET_PATH}.`);
    }
    if (!origins.allows(request.headers.origin, request.headers.host)) {
      return refuse(
        socket,
        403,
        'LAB_ERR_ORIGIN_FORBIDDEN',
        'This lab server accepts WebSocket connections only from the pages it serves.',
      );
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      new Connection(webSocketFrames(ws), handlers);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // Not awaited: the site is usable at once, and sessions that start meanwhile subscribe and are told when
  // the capture runs (or why it cannot).
  const captureReady = capture?.start() ?? Promise.resolve(CAPTURE_OFF);
  origins = createOriginPolicy({ ...config, port });
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  const url = `http://${formatHostPort(wildcard ? '127.0.0.1' : config.host, port)}`;

  let closing: Promise<void> | undefined;
  return {
    config,
    url,
    port,
    sessions,
    ports,
    capture,
    captureReady,
    close() {
      closing ??= (async () => {
        for (const client of wss.clients) client.terminate();
        await sessions.closeAll();
        await capture?.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        log('lab server stopped');
      })();
      return closing;
    },
  };
}

function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ code, message });
  const reason = status === 403 ? 'Forbidden' : 'Not Found';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
