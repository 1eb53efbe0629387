/**
 * Who gets a WebSocket, and which: the lab server's upgrade policy in one place. Both endpoints check the path,
 * the page's Origin and whether the server is stopping; then
 *
 * - `/ws`, a lab page: in local mode anyone on this machine, as the one student; in a classroom a joined student
 *   (or the instructor), whose connections are counted per student wherever they come from. A stranger is
 *   upgraded only to be told LAB_ERR_NOT_JOINED, since a browser sees nothing of a refused upgrade;
 * - `/ws/instructor`, the dashboard feed: the signed-in instructor only, students and strangers refused.
 *
 * A failure here is logged and closes its socket; it is never thrown into the HTTP server.
 */

import http, { type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Localized, localized, pick } from '../src/common/localized';
import { ERRORS, type ErrorCode, INSTRUCTOR_WEBSOCKET_PATH, MAX_FRAME_BYTES, WEBSOCKET_PATH } from '../src/protocol';
import { type Classroom, type Identity, ownerOf } from './classroom';
import type { LabServerConfig } from './config';
import { clientOf } from './http/client-address';
import { queryOrRequestLocale, requestLocale } from './http/request-locale';
import { log } from './log';
import { Connection, type ConnectionHandlers } from './sessions/connection';
import { LOCAL_OWNER, type OwnerId } from './store/progress-store';
import { webSocketFrames } from './transport/message-stream';

const TEXT = localized({
  en: {
    endpoint: (path: string) => `The WebSocket endpoint is ${path}.`,
    noClassroom: 'This lab server does not run a classroom (LAB_MODE=classroom), so it has no instructor dashboard.',
    origin: 'This lab server accepts WebSocket connections only from the pages it serves.',
    connections: (count: number) =>
      `This client already has ${count} lab connections open, as many as one client may (MAX_CONNECTIONS_PER_CLIENT). Close lab tabs you no longer use.`,
  },
  'zh-Hans': {
    endpoint: (path) => `WebSocket 端点是 ${path}。`,
    noClassroom: '这个实验服务器没有以课堂模式运行（LAB_MODE=classroom），所以没有老师面板。',
    origin: '这个实验服务器只接受来自它自己提供的页面的 WebSocket 连接。',
    connections: (count) =>
      `这个客户端已经打开了 ${count} 个实验连接，达到了单个客户端的上限（MAX_CONNECTIONS_PER_CLIENT）。关掉不再使用的实验标签页。`,
  },
});

export interface WebSocketGateOptions {
  readonly config: LabServerConfig;
  readonly handlers: ConnectionHandlers;
  readonly classroom: Classroom | undefined;
  /** The origin policy of the moment (it learns the port once the server listens). */
  readonly allowsOrigin: (origin: string | undefined, host: string | undefined) => boolean;
  readonly isStopping: () => boolean;
}

export class WebSocketGate {
  /** Every upgraded socket, lab pages and dashboards: a stopping server waits for them to close. */
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  /** The lab pages' connections, which a stopping server tells first. */
  readonly connections = new Set<Connection>();
  readonly #perClient = new Map<string, number>();
  readonly #options: WebSocketGateOptions;

  constructor(options: WebSocketGateOptions) {
    this.#options = options;
  }

  /** Open lab WebSockets of one client (see http/client-address.ts; in a classroom, `student:<id>`). */
  connectionsOf(client: string): number {
    return this.#perClient.get(client) ?? 0;
  }

  /** The HTTP server's `upgrade` listener. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== WEBSOCKET_PATH && url.pathname !== INSTRUCTOR_WEBSOCKET_PATH) {
      refuse(socket, request, 404, 'LAB_ERR_NOT_FOUND', TEXT.endpoint(WEBSOCKET_PATH));
      return;
    }
    if (!this.#options.allowsOrigin(request.headers.origin, request.headers.host)) {
      refuse(socket, request, 403, 'LAB_ERR_ORIGIN_FORBIDDEN', TEXT.origin);
      return;
    }
    if (this.#options.isStopping()) {
      refuse(socket, request, 503, 'LAB_ERR_SERVER_STOPPING', ERRORS.LAB_ERR_SERVER_STOPPING);
      return;
    }
    const upgrading =
      url.pathname === INSTRUCTOR_WEBSOCKET_PATH
        ? this.#upgradeDashboard(request, socket, head)
        : this.#upgradeLab(request, socket, head);
    upgrading.catch((error: unknown) => {
      log(`a WebSocket upgrade failed: ${error instanceof Error ? error.message : String(error)}`);
      socket.destroy();
    });
  }

  async #upgradeDashboard(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { classroom } = this.#options;
    if (classroom === undefined) return refuse(socket, request, 404, 'LAB_ERR_NOT_FOUND', TEXT.noClassroom);
    const identity = await identifyOrRefuse(classroom, request, socket);
    if (identity === undefined) return;
    if (identity.role !== 'instructor') {
      return refuse(socket, request, 403, 'LAB_ERR_NOT_INSTRUCTOR', ERRORS.LAB_ERR_NOT_INSTRUCTOR);
    }
    const locale = queryOrRequestLocale(request);
    this.wss.handleUpgrade(request, socket, head, (ws) => classroom.feed.accept(ws, locale));
  }

  async #upgradeLab(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { classroom, config } = this.#options;
    let owner: OwnerId = LOCAL_OWNER;
    let client = clientOf(request, config.trustedProxies);
    if (classroom !== undefined) {
      const identity = await identifyOrRefuse(classroom, request, socket);
      if (identity === undefined) return;
      const who = ownerOf(identity);
      if (who === undefined) {
        // The lab panel should say "join the class first" rather than "the lab server does not answer".
        this.wss.handleUpgrade(request, socket, head, (ws) => {
          this.#connection(ws, request, client, LOCAL_OWNER).sendError(
            'LAB_ERR_NOT_JOINED',
            ERRORS.LAB_ERR_NOT_JOINED,
            true,
          );
        });
        return;
      }
      // A student's limits are theirs wherever they connect from: a classroom behind one NAT address is many
      // students, and one student with a laptop and a phone is one.
      owner = who;
      client = `student:${who}`;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = this.#connection(ws, request, client, owner);
      const open = this.connectionsOf(client);
      if (open >= config.maxConnectionsPerClient) {
        // Upgraded first so that the page can read why; a browser sees nothing of a refused upgrade.
        connection.sendError('LAB_ERR_CLIENT_CONNECTION_LIMIT', TEXT.connections(open), true);
        return;
      }
      this.#perClient.set(client, open + 1);
      this.connections.add(connection);
      connection.onClose(() => {
        this.connections.delete(connection);
        const left = this.connectionsOf(client) - 1;
        if (left > 0) this.#perClient.set(client, left);
        else this.#perClient.delete(client);
      });
    });
  }

  #connection(ws: WebSocket, request: IncomingMessage, client: string, owner: OwnerId): Connection {
    return new Connection(webSocketFrames(ws), this.#options.handlers, {
      client,
      helloTimeoutMs: this.#options.config.helloTimeoutMs,
      locale: requestLocale(request),
      owner,
    });
  }
}

/** Who the request is, or undefined once it was refused because the store could not say (a 503). */
async function identifyOrRefuse(
  classroom: Classroom,
  request: IncomingMessage,
  socket: Duplex,
): Promise<Identity | undefined> {
  try {
    return await classroom.identify(request);
  } catch (error) {
    log(`could not identify a WebSocket: ${error instanceof Error ? error.message : String(error)}`);
    refuse(socket, request, 503, 'LAB_ERR_INTERNAL', ERRORS.LAB_ERR_INTERNAL);
    return undefined;
  }
}

/** An HTTP answer in place of the upgrade, its JSON body in the request's language. */
function refuse(socket: Duplex, request: IncomingMessage, status: number, code: ErrorCode, text: Localized): void {
  const body = JSON.stringify({ code, message: pick(text, requestLocale(request)) });
  const reason = http.STATUS_CODES[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
