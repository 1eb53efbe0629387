/**
 * The lab server's one listening server: plain HTTP, or HTTPS (TLS 1.2 and up) when the configuration holds a
 * certificate and key. Both are an `http.Server` to the code around it — the same request handler, the same
 * `upgrade` event for the WebSocket (which is WSS on the HTTPS one) — so nothing else depends on the scheme but
 * the URLs it makes (`webServerUrl`). A plain-HTTP request that reaches the HTTPS port (a student typing
 * `http://`) is answered in plain HTTP with a redirect to the https URL, as a browser can follow it, instead of
 * the TLS error the handshake would end with.
 */

import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { localized, pick } from '../../src/common/localized';
import { formatHostPort } from '../../src/protocol';
import type { LabServerConfig } from '../config';
import { requestLocale } from './request-locale';

const TEXT = localized({
  en: {
    openUrl: (url: string) => `This port speaks HTTPS: open ${url}\n`,
    useScheme: 'This port speaks HTTPS: open the same address with https:// (wss:// for a WebSocket).\n',
  },
  'zh-Hans': {
    openUrl: (url) => `这个端口只接受 HTTPS：请打开 ${url}\n`,
    useScheme: '这个端口只接受 HTTPS：请把地址开头换成 https://（WebSocket 用 wss://）再连接。\n',
  },
});

/** RFC 8446 §5.1 (and every SSL/TLS version before): a ClientHello starts a handshake record, content type 22. */
const TLS_HANDSHAKE_RECORD = 0x16;
/** A connection that has said nothing this long after connecting is dropped (the HTTP server's header timeout). */
const FIRST_BYTE_TIMEOUT_MS = 20_000;
/** Host headers a redirect may name: a DNS name, an IPv4 address or a bracketed IPv6 one, and a port. */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** An `http.Server` (an `https.Server` when `config.https` is set); listening is the caller's. */
export function createWebServer(config: Pick<LabServerConfig, 'https'>, handler: http.RequestListener): http.Server {
  if (config.https === undefined) return http.createServer(handler);
  const server = https.createServer(
    {
      cert: config.https.cert,
      key: config.https.key,
      // TLS 1.0 and 1.1 are deprecated (RFC 8996); every browser a class uses speaks 1.2 or 1.3.
      minVersion: 'TLSv1.2',
    },
    handler,
  );
  answerPlainHttp(server);
  return server;
}

/** `http://host:port` or `https://host:port` of a server listening on `port` (loopback for a wildcard host). */
export function webServerUrl(config: Pick<LabServerConfig, 'host' | 'https'>, port: number): string {
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  const scheme = config.https === undefined ? 'http' : 'https';
  return `${scheme}://${formatHostPort(wildcard ? '127.0.0.1' : config.host, port)}`;
}

/**
 * Puts a look at each connection's first byte in front of TLS: a handshake record goes on to TLS as before,
 * anything else to a plain HTTP server that answers with the https URL and closes. Node's TLS server reads the
 * byte that was looked at again, since it takes over data already buffered in the socket.
 */
function answerPlainHttp(server: https.Server): void {
  const tlsListeners = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  const plain = http.createServer(plainOnRequest);
  plain.headersTimeout = FIRST_BYTE_TIMEOUT_MS;
  plain.requestTimeout = FIRST_BYTE_TIMEOUT_MS;
  plain.on('upgrade', function plainOnUpgrade(request: http.IncomingMessage, socket: Socket) {
    socket.on('error', () => socket.destroy());
    const body = pick(TEXT.useScheme, requestLocale(request));
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  const waiting = new Set<Socket>();

  server.on('connection', function serverOnConnection(socket: Socket) {
    waiting.add(socket);
    const done = (): void => {
      waiting.delete(socket);
      socket.setTimeout(0);
      socket.off('error', socketOnError);
      socket.off('timeout', socketOnTimeout);
    };
    const socketOnError = (): void => {
      done();
      socket.destroy();
    };
    const socketOnTimeout = (): void => {
      done();
      socket.destroy();
    };
    socket.on('error', socketOnError);
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, socketOnTimeout);
    socket.once('data', function socketOnData(chunk: Buffer) {
      done();
      socket.pause();
      socket.unshift(chunk);
      if (chunk[0] === TLS_HANDSHAKE_RECORD) {
        for (const listener of tlsListeners) listener.call(server, socket);
      } else {
        plain.emit('connection', socket);
        socket.resume();
      }
    });
  });

  // The server's own `closeAllConnections` knows only the connections past their handshake; a stopping lab
  // server must not wait for the ones still being looked at or answered in plain HTTP.
  const closeAllConnections = server.closeAllConnections.bind(server);
  server.closeAllConnections = () => {
    for (const socket of waiting) socket.destroy();
    waiting.clear();
    plain.closeAllConnections();
    closeAllConnections();
  };
}

/** A browser follows the 308 to the https URL (GET and HEAD only: another method's body is not resent). */
function plainOnRequest(request: http.IncomingMessage, response: http.ServerResponse): void {
  const host = request.headers.host;
  const target = request.url ?? '/';
  const url =
    host !== undefined && PLAIN_HOST.test(host) && target.startsWith('/') && !target.startsWith('//')
      ? `https://${host}${target}`
      : undefined;
  const redirect = request.method === 'GET' || request.method === 'HEAD' ? url : undefined;
  const body = pick(url === undefined ? TEXT.useScheme : TEXT.openUrl(url), requestLocale(request));
  response.shouldKeepAlive = false;
  response.writeHead(redirect === undefined ? 400 : 308, {
    ...(redirect === undefined ? {} : { Location: redirect }),
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}
