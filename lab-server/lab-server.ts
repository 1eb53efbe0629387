/**
 * The lab server: one process, one port. It serves the built site, `GET /healthz`, and the WebSocket endpoint
 * `/ws` through which each lab on a page runs its session. `startLabServer` returns a handle that tests use to
 * start a real server on port 0 and to close it, with every session it ran, when they are done.
 */

import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { localized } from '../src/common/localized';
import type { LabDefinition } from '../src/lab-kit';
import { formatHostPort } from '../src/protocol';
import { CapturePipeline, type CaptureReport, captureStatusIn } from './capture';
import { type Classroom, createClassroom, INSTRUCTOR_OWNER, ownerOf as ownerOfIdentity } from './classroom';
import { type ConfigInput, type LabServerConfig, resolveConfig } from './config';
import { FaultService } from './faults/fault-service';
import { type Health, healthzRoute } from './http/healthz';
import { createOriginPolicy } from './http/origin-policy';
import { apiNotFoundRoute, pcapngRoute, type SessionAccess } from './http/pcapng-download';
import { pkiRoutes, sessionPkiRoute } from './http/pki-routes';
import { progressRoute } from './http/progress-route';
import { createRouter } from './http/router';
import { isSecureRequest } from './http/secure-request';
import { createStaticHandler } from './http/static-files';
import { createWebServer, webServerUrl } from './http/web-server';
import { websocketOnlyRoute } from './http/websocket-only';
import { LabRegistry } from './labs/lab-registry';
import { log } from './log';
import { loadOrCreateClassPki } from './pki/class-pki';
import type { ClassPki } from './pki/pki';
import { PortPool } from './ports/port-pool';
import { isTlsServerKind } from './servers';
import { createHandlers } from './sessions/handlers';
import { CAPTURE_OFF } from './sessions/session';
import { SessionRegistry } from './sessions/session-registry';
import { openProgressStore } from './store/open-store';
import { LOCAL_OWNER, type OwnerId, type ProgressStore } from './store/progress-store';
import { SqliteStore } from './store/sqlite-store';
import { WebSocketGate } from './websocket-gate';

const TEXT = localized({
  en: { stopping: 'The lab server is stopping.' },
  'zh-Hans': { stopping: '实验服务器正在停止。' },
});

/** How long a stopping server waits for pages to take their `shutdown` notice before it drops them. */
const SHUTDOWN_NOTICE_MS = 1000;

export interface RunningLabServer {
  readonly config: LabServerConfig;
  /** `http://host:port` of the running server. */
  readonly url: string;
  readonly port: number;
  readonly sessions: SessionRegistry;
  readonly ports: PortPool;
  /** Students' progress (see `progress` in config.ts); closed last. */
  readonly progress: ProgressStore;
  /** The shared packet capture, when `capture` is `auto`. */
  readonly capture: CapturePipeline | undefined;
  /** Resolves once the capture runs or is known to be unavailable (at once when capture is off). */
  readonly captureReady: Promise<CaptureReport>;
  /** Classroom mode's join codes, identities, roster and dashboard feed; undefined in local mode. */
  readonly classroom: Classroom | undefined;
  /** Open WebSocket connections, per client (see http/client-address.ts; in a classroom, per student). */
  connectionsOf(client: string): number;
  /** Tells every page the server is stopping, then closes every session, the capture and the port. */
  close(): Promise<void>;
}

/** Starts a lab server for `labs` (the course's are `labs/index.ts`'s; the entry point hands them in). */
export async function startLabServer(input: ConfigInput, labs: readonly LabDefinition[]): Promise<RunningLabServer> {
  const config = resolveConfig(input);
  const registry = new LabRegistry(labs);
  const progress =
    config.progress === 'memory' ? await SqliteStore.open(':memory:') : await openProgressStore(config.dataDir);
  const ports = new PortPool(config.labPorts);
  const { first, last } = config.labPorts;
  const capture =
    config.capture === 'auto'
      ? new CapturePipeline({
          // Bound to a LAN address or a wildcard, the capture also covers the LAN, where students' boards are.
          labHost: config.labHost,
          portRange: { from: first, to: last },
          // A port just outside the lab range, inside the capture filter, that no session is ever given.
          canaryPort: first > 1 ? first - 1 : last + 1,
          bufferKiB: config.captureBufferMiB * 1024,
          ...(config.tsharkPath === undefined ? {} : { tsharkPath: config.tsharkPath }),
        })
      : undefined;
  // Only a course whose labs offer faults touches the kernel's packet filter (and removes dead servers' tables).
  const faults = labs.some((lab) => (lab.faults?.length ?? 0) > 0)
    ? await FaultService.start(config.nftPath)
    : undefined;
  // Made on first use — the first TLS session, or a request for the CA — once the port is known (the leaves
  // name the OCSP responder and the CRL by URL). Only a course with TLS labs has one.
  let pkiReady: Promise<ClassPki> | undefined;
  let port = 0;
  const pki = labs.some((lab) => lab.servers.some((spec) => isTlsServerKind(spec.kind)))
    ? () => {
        pkiReady ??= startClassPki(config, port);
        return pkiReady;
      }
    : undefined;
  const sessions = new SessionRegistry(config, registry, ports, {
    capture,
    faults,
    progress,
    ...(pki === undefined ? {} : { pki }),
  });
  const handlers = createHandlers(sessions);
  const started = Date.now();
  let stopping = false;
  let origins = createOriginPolicy({ ...config, port: config.port });
  const classroom =
    config.mode === 'classroom'
      ? await createClassroom({
          config,
          store: progress,
          sessions,
          labs,
          secure: (request) => isSecureRequest(request, config),
          allowsOrigin: (origin, host) => origins.allows(origin, host),
          // What students open: the public host, with the port the server got.
          publicUrl: () => webServerUrl({ ...config, host: config.publicHost }, port),
        })
      : undefined;
  /**
   * Whose work a request's sessions and progress are: in local mode the one student at this machine; in a
   * classroom the joined student (or the instructor) the cookies name, and nobody's for a stranger.
   */
  const ownerOf = async (request: IncomingMessage): Promise<OwnerId | undefined> =>
    classroom === undefined ? LOCAL_OWNER : ownerOfIdentity(await classroom.identify(request));
  /**
   * Who may read a session's capture and client files: in local mode whoever holds its download token; in a
   * classroom only its student with the token, and the instructor (captures only, see pcapng-download.ts).
   */
  const access: SessionAccess = async (request, session) => {
    if (classroom === undefined) return 'token';
    const owner = await ownerOf(request);
    if (owner === INSTRUCTOR_OWNER && session.owner !== INSTRUCTOR_OWNER) return 'anyone';
    return owner === session.owner ? 'owner' : 'nobody';
  };
  const health = async (): Promise<Health> => {
    const base: Health = {
      status: stopping ? 'stopping' : 'ok',
      sessions: sessions.size,
      version: config.version,
      uptime: Math.round((Date.now() - started) / 1000),
      // For tools and operators: English, like the log.
      capture: captureStatusIn(capture?.currentStatus ?? CAPTURE_OFF, 'en'),
    };
    if (classroom === undefined) return base;
    const online = new Set(
      sessions
        .all()
        .filter((session) => session.attached)
        .map((session) => session.owner),
    );
    // A store that cannot be read leaves the count out rather than taking /healthz down with it.
    const joined = await progress.students().then(
      (students) => students.length,
      () => undefined,
    );
    if (joined === undefined) return base;
    online.delete(INSTRUCTOR_OWNER);
    return { ...base, students: { joined, online: online.size } };
  };

  const server = createWebServer(
    config,
    createRouter({
      routes: [
        healthzRoute(health),
        pcapngRoute(sessions, access),
        progressRoute(progress, labs, ownerOf, (origin, host) => origins.allows(origin, host)),
        sessionPkiRoute(async (id, token, request) => {
          const session = sessions.get(id);
          // A student's client key is theirs alone, even in the instructor's hands the link would be a copy.
          if (session === undefined || (await access(request, session)) === 'nobody') return undefined;
          return session.clientDownload(token);
        }),
        ...(pki === undefined ? [] : pkiRoutes(pki)),
        ...(classroom?.routes ?? []),
        apiNotFoundRoute,
        websocketOnlyRoute,
      ],
      fallback: createStaticHandler(config.siteDir),
      allowsHost: (host) => origins.allowsHost(host),
      isSecure: (request) => isSecureRequest(request, config),
    }),
  );
  // Slow or idle HTTP clients must not hold sockets forever.
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;

  const gate = new WebSocketGate({
    config,
    handlers,
    classroom,
    allowsOrigin: (origin, host) => origins.allows(origin, host),
    isStopping: () => stopping,
  });
  server.on('upgrade', (request, socket: Duplex, head: Buffer) => gate.upgrade(request, socket, head));

  // Sessions nobody works in give their servers back (IDLE_CULL_MINUTES), checked a few times per period.
  const cullTimer =
    config.idleCullMs > 0
      ? setInterval(() => void sessions.cullIdle(config.idleCullMs), Math.min(60_000, config.idleCullMs / 4))
      : undefined;
  cullTimer?.unref();

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(cullTimer);
    classroom?.dispose();
    await faults?.stop();
    await progress.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  // Not awaited: the site is usable at once, and sessions that start meanwhile subscribe and are told when
  // the capture runs (or why it cannot).
  const captureReady = capture?.start() ?? Promise.resolve(CAPTURE_OFF);
  origins = createOriginPolicy({ ...config, port });
  const url = webServerUrl(config, port);

  let closing: Promise<void> | undefined;
  return {
    config,
    url,
    port,
    sessions,
    ports,
    progress,
    capture,
    captureReady,
    classroom,
    connectionsOf: (client) => gate.connectionsOf(client),
    close() {
      closing ??= (async () => {
        stopping = true;
        clearInterval(cullTimer);
        sessions.stopAccepting();
        classroom?.dispose();
        const stopped: CaptureReport = { state: 'stopped', reason: TEXT.stopping };
        for (const connection of gate.connections) connection.shutdown(stopped);
        // Until the pages answered the close frames (ws forgets a client once its socket closed).
        await waitUntil(() => gate.wss.clients.size === 0, SHUTDOWN_NOTICE_MS);
        for (const client of gate.wss.clients) client.terminate();
        await sessions.closeAll();
        await faults?.stop();
        await capture?.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        // Last: the sessions closed above saved their last passes into it.
        await progress.close();
        log('lab server stopped');
      })();
      return closing;
    },
  };
}

/**
 * Loads the class root and intermediate from the data directory (or makes them, the first time or with
 * `NEW_PKI=1`) and issues the server certificates for every name and address the lab server answers to.
 */
async function startClassPki(config: LabServerConfig, port: number): Promise<ClassPki> {
  const started = Date.now();
  const wildcard = (host: string): boolean => host === '0.0.0.0' || host === '::';
  const names = new Set(['localhost', '127.0.0.1', '::1', config.publicHost]);
  for (const host of [config.host, config.labHost]) if (!wildcard(host)) names.add(host);
  const base = `http://${formatHostPort(config.publicHost, port)}`;
  const pki = await loadOrCreateClassPki({
    dir: path.join(config.dataDir, 'pki'),
    names: [...names],
    ocspUrl: `${base}/pki/ocsp`,
    crlUrl: `${base}/pki/crl.der`,
    renew: config.newPki,
  });
  log(`class PKI ready in ${Date.now() - started} ms (${path.join(config.dataDir, 'pki')})`);
  return pki;
}

/** Resolves when `done()` holds or after `ms`, whichever is first; polls, so it needs no event to hook. */
async function waitUntil(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
