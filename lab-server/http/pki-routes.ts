/**
 * The class PKI over HTTP. Public, since every client of the lab needs them and none of them is secret: the
 * class root (`GET /pki/ca.pem`), the intermediate's CRL (`GET /pki/crl.der`) and the root's (`GET
 * /pki/root-crl.der`), and the intermediate's OCSP responder (`POST
 * /pki/ocsp`, and `GET /pki/ocsp/<base64 request>` as RFC 6960 appendix A.1 allows). Per session, behind its
 * download token like the pcapng: the session's own client certificate, key and PKCS#12
 * (`GET /api/sessions/<id>/pki/client.{pem,key,p12}?token=…`) — the one private key that leaves the server,
 * and only to its session.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { localized } from '../../src/common/localized';
import { type ClassPki, type ClientCredentials, PkiInputError } from '../pki/pki';
import { readBody } from './read-body';
import type { Route } from './router';
import { sendError } from './send-json';

/** An OCSP request names one certificate in a few hundred bytes; 16 KiB is room for any a client sends. */
export const MAX_OCSP_REQUEST_BYTES = 16 * 1024;

const TEXT = localized({
  en: {
    noSession: 'No session with that id and token.',
    notOcsp: 'The body is not a DER-encoded OCSP request (RFC 6960 §4.1), sent as application/ocsp-request.',
    tooLarge: `An OCSP request is at most ${MAX_OCSP_REQUEST_BYTES / 1024} KiB.`,
  },
  'zh-Hans': {
    noSession: '没有这个 id 和令牌对应的会话。',
    notOcsp: '请求体不是 DER 编码的 OCSP 请求（RFC 6960 §4.1），应以 application/ocsp-request 发送。',
    tooLarge: `OCSP 请求最多 ${MAX_OCSP_REQUEST_BYTES / 1024} KiB。`,
  },
});

/** What a session's download needs: its client credentials, and the password its PKCS#12 is encrypted with. */
export interface SessionClientDownload {
  readonly credentials: ClientCredentials;
  /** The `pkcs12Password` the session's page shows beside the link (`PkiDownloads`). */
  readonly pkcs12Password: string;
}

/**
 * The public routes: the class root, the CRL and the OCSP responder. The PKI is made on first use (the first TLS
 * session, or the first of these requests), so a lab server that never serves TLS never makes one.
 */
export function pkiRoutes(classPki: () => Promise<ClassPki>): Route[] {
  return [
    {
      path: '/pki/ca.pem',
      methods: ['GET'],
      async handle(request, response) {
        const pki = await classPki();
        // no-cache: after NEW_PKI=1 the root is another one, and a stale copy would make every check fail.
        send(request, response, pki.rootPem, 'application/x-pem-file', 'socketlab-ca.pem', 'no-cache');
      },
    },
    {
      path: '/pki/crl.der',
      methods: ['GET'],
      async handle(request, response) {
        const pki = await classPki();
        send(request, response, pki.crl(), 'application/pkix-crl', 'socketlab-class-intermediate.crl', 'no-cache');
      },
    },
    {
      // Empty, but a client that checks every certificate of the chain (Node's `crl`) needs the root's CRL too.
      path: '/pki/root-crl.der',
      methods: ['GET'],
      async handle(request, response) {
        const pki = await classPki();
        send(request, response, pki.rootCrl(), 'application/pkix-crl', 'socketlab-class-root.crl', 'no-cache');
      },
    },
    {
      path: '/pki/ocsp',
      methods: ['POST'],
      async handle(request, response) {
        const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
        if (type !== 'application/ocsp-request') {
          sendError(response, 400, 'LAB_ERR_MESSAGE_INVALID', TEXT.notOcsp);
          request.resume();
          return;
        }
        const body =
          Number(request.headers['content-length'] ?? 0) > MAX_OCSP_REQUEST_BYTES
            ? undefined
            : await readBody(request, MAX_OCSP_REQUEST_BYTES);
        if (body === undefined) {
          // Close after answering: the rest of an oversized body is not read.
          sendError(response, 413, 'LAB_ERR_MESSAGE_TOO_LARGE', TEXT.tooLarge, { connection: 'close' });
          request.resume();
          return;
        }
        await answerOcsp(await classPki(), request, response, body);
      },
    },
    {
      // RFC 6960 A.1: GET {url}/{url-encoding of base-64 encoding of the DER encoding of the OCSPRequest}.
      // Some clients leave the `/` of base64 unencoded, so the rest of the path is the request, slashes and all.
      path: /^\/pki\/ocsp\/(.+)$/,
      methods: ['GET'],
      async handle(request, response, [, encoded]) {
        const body = decodeOcspPath(encoded ?? '');
        if (body === undefined) {
          sendError(response, 400, 'LAB_ERR_MESSAGE_INVALID', TEXT.notOcsp);
          return;
        }
        await answerOcsp(await classPki(), request, response, body);
      },
    },
  ];
}

const DOWNLOADS = {
  'client.pem': { type: 'application/x-pem-file', filename: 'client.pem' },
  'client.key': { type: 'application/x-pem-file', filename: 'client.key' },
  'client.p12': { type: 'application/x-pkcs12', filename: 'client.p12' },
} as const;

/** A session's own client certificate, key and PKCS#12, for its download token only. */
export function sessionPkiRoute(
  lookup: (sessionId: string, token: string, request: IncomingMessage) => Promise<SessionClientDownload | undefined>,
): Route {
  return {
    path: /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})\/pki\/(client\.pem|client\.key|client\.p12)$/,
    methods: ['GET'],
    async handle(request, response, [, id, name]) {
      const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
      const download = await lookup(id ?? '', token, request);
      // The same answer for "no such session" and "wrong token", as for the pcapng: a guess learns nothing.
      if (download === undefined) {
        sendError(response, 404, 'LAB_ERR_NOT_FOUND', TEXT.noSession);
        return;
      }
      const { credentials, pkcs12Password } = download;
      // The path's pattern admits these three names only.
      const file = name as keyof typeof DOWNLOADS;
      const body =
        file === 'client.p12'
          ? await credentials.pkcs12(pkcs12Password)
          : file === 'client.key'
            ? credentials.key
            : credentials.cert;
      // no-store for all three: the key is a secret, and the certificate is the session's, not the class's.
      send(request, response, body, DOWNLOADS[file].type, DOWNLOADS[file].filename, 'no-store');
    },
  };
}

async function answerOcsp(
  pki: ClassPki,
  request: IncomingMessage,
  response: ServerResponse,
  body: Uint8Array,
): Promise<void> {
  let answer: Uint8Array;
  try {
    answer = await pki.ocsp(body);
  } catch (error) {
    if (!(error instanceof PkiInputError)) throw error;
    sendError(response, 400, 'LAB_ERR_MESSAGE_INVALID', TEXT.notOcsp);
    return;
  }
  // A response is signed for a day (nextUpdate); each request gets a fresh one, so there is nothing to cache.
  response.writeHead(200, {
    'content-type': 'application/ocsp-response',
    'content-length': answer.length,
    'cache-control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : answer);
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  body: string | Uint8Array,
  type: string,
  filename: string,
  cacheControl: string,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(200, {
    'content-type': type,
    'content-length': bytes.length,
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': cacheControl,
  });
  response.end(request.method === 'HEAD' ? undefined : bytes);
}

/** The DER request from the path: percent-decoded, then strict base64 (standard or URL-safe alphabet). */
function decodeOcspPath(encoded: string): Uint8Array | undefined {
  let text: string;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  if (text.length > (MAX_OCSP_REQUEST_BYTES * 4) / 3 + 4 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}
