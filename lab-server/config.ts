/**
 * The lab server's configuration: read once from the environment at start, validated, and passed down as a
 * plain object. Tests build one directly with `resolveConfig({...})`, so nothing below reads `process.env`.
 */

import path from 'node:path';
import {
  type HttpsCredentials,
  HttpsCredentialsError,
  type HttpsFiles,
  readHttpsCredentials,
} from './http/https-credentials';

export type LabMode = 'local' | 'classroom';

export interface LabServerConfig {
  /** Address the HTTP/WebSocket server binds. */
  readonly host: string;
  /** Its port; 0 picks a free one (tests). */
  readonly port: number;
  /** Inclusive port range for the lab servers a session starts. */
  readonly labPorts: { readonly first: number; readonly last: number };
  /** Address lab servers bind: loopback unless the instructor opens the lab to a network. */
  readonly labHost: string;
  /** Host shown in lab panels for students' own programs. */
  readonly publicHost: string;
  /** How long a session outlives its WebSocket, so that a reload can resume it. */
  readonly sessionGraceMs: number;
  readonly maxSessions: number;
  /** `local`: one student on their own machine; the shell may also reach that student's own loopback servers. */
  readonly mode: LabMode;
  /** Directory of the built site; undefined serves a short page that says the site is not built. */
  readonly siteDir: string | undefined;
  /** Extra origins allowed to open the WebSocket (the Docusaurus dev server in `npm run dev`). */
  readonly extraOrigins: readonly string[];
  readonly version: string;
  /** `auto`: capture packets when tshark and tcpdump (or dumpcap) can run; `off`: socket-level timelines only. */
  readonly capture: 'auto' | 'off';
  /**
   * The kernel's capture ring, in MiB, allocated when the capture starts. 128 MiB holds ~32 000 frames: a burst
   * of 30 000 datagrams in a second is captured whole while the main thread catches up (bench/RESULTS.md).
   */
  readonly captureBufferMiB: number;
  /** The dissector to run; default `tshark` on PATH. */
  readonly tsharkPath: string | undefined;
  /** The nftables command faults run; default `nft` on PATH. */
  readonly nftPath: string;
  /** WebSockets one client may hold open at once (see `clientOf` in http/client-address.ts for who a client is). */
  readonly maxConnectionsPerClient: number;
  /** Sessions one client may run at once, resumable ones waiting for their page included. */
  readonly maxSessionsPerClient: number;
  /** Classroom mode: students the class may have at most (`MAX_STUDENTS`); the next join gets LAB_ERR_CLASS_FULL. */
  readonly maxStudents: number;
  /**
   * A session with no sign of its student for this long — no typing, no page attaching, no traffic from their
   * programs — is ended, its servers and ports released and its progress kept (`IDLE_CULL_MINUTES`; 0: never).
   * JupyterHub's idle culler, for a class whose students leave tabs open over lunch.
   */
  readonly idleCullMs: number;
  /**
   * Bytes per second one student's programs may send to all their lab servers together
   * (`MAX_STUDENT_BYTES_PER_SECOND`; 0: no limit). TCP beyond it is slowed by flow control, UDP dropped.
   */
  readonly maxStudentBytesPerSecond: number;
  /** Classroom mode: the roster flags a student who passed nothing new in a lab for this long (`STUCK_MINUTES`). */
  readonly stuckAfterMs: number;
  /** A WebSocket that has not said `hello` after this long is closed (LAB_ERR_HELLO_TIMEOUT). */
  readonly helloTimeoutMs: number;
  /**
   * Addresses of reverse proxies whose `X-Forwarded-For` is believed. Behind one, every page comes from the
   * proxy's address, so without this the per-client limits would count the whole class as one client.
   */
  readonly trustedProxies: readonly string[];
  /**
   * Where the lab server keeps what must outlive a restart: the class PKI in `<dataDir>/pki` (a board given the
   * class root yesterday must still trust today's certificates) and, with `progress: 'data-dir'`, students'
   * progress in `<dataDir>/progress.sqlite`. Absolute once resolved.
   */
  readonly dataDir: string;
  /**
   * Where students' progress is kept. `data-dir`: in SQLite in the data directory, every pass written before
   * the page shows it, and a new session of a lab starts with what its student passed before; `configFromEnv`
   * (`npm start`) always says so. `memory`, the default for a lab server started from code: in an in-memory
   * SQLite database that ends with the server, each session starting afresh — many test files run at once,
   * and each test expects a new session to pass nothing until its own client does; `/api/progress` and the
   * sidebar still see what passed while the server runs.
   */
  readonly progress: 'data-dir' | 'memory';
  /** Make a new class root and intermediate at this start, replacing the kept ones (`NEW_PKI=1`). */
  readonly newPki: boolean;
  /**
   * Classroom mode: the instructor's password (`INSTRUCTOR_PASSWORD`). Without one, each start prints a login
   * URL with a one-time token instead (lab-server/classroom/instructor-token.ts).
   */
  readonly instructorPassword: string | undefined;
  /**
   * The certificate (chain) and key the server serves HTTPS and WSS with (HTTPS_CERT, HTTPS_KEY), read and
   * checked at start; undefined serves plain HTTP (on loopback, or behind a reverse proxy that terminates TLS).
   */
  readonly https: HttpsCredentials | undefined;
}

/** What a caller gives: the HTTPS files by path, read and checked by `resolveConfig`. */
export type ConfigInput = Partial<Omit<LabServerConfig, 'https'>> & { readonly https?: HttpsFiles | undefined };

const DEFAULTS: LabServerConfig = {
  host: '127.0.0.1',
  port: 8080,
  labPorts: { first: 20000, last: 29999 },
  labHost: '127.0.0.1',
  publicHost: '127.0.0.1',
  sessionGraceMs: 10_000,
  maxSessions: 500,
  mode: 'local',
  siteDir: undefined,
  extraOrigins: [],
  version: '0.0.0',
  // Off for servers started from code (tests and tools start many, and one capture costs ~150 MB of tshark);
  // `configFromEnv`, which `npm start` uses, turns it on unless CAPTURE=off.
  capture: 'off',
  captureBufferMiB: 128,
  tsharkPath: undefined,
  nftPath: 'nft',
  maxConnectionsPerClient: 128,
  maxSessionsPerClient: 64,
  helloTimeoutMs: 10_000,
  maxStudents: 500,
  maxStudentBytesPerSecond: 0,
  idleCullMs: 0,
  stuckAfterMs: 10 * 60_000,
  trustedProxies: [],
  // Relative to the directory the lab server is started in; `resolveConfig` makes it absolute.
  dataDir: 'data',
  newPki: false,
  https: undefined,
  instructorPassword: undefined,
  progress: 'memory',
};

/**
 * Per-client caps by mode. Locally the one client is the student who owns the machine, with a tab per lesson
 * and their own programs; a classroom's clients are strangers sharing one server, each with a few lab tabs.
 */
const MODE_DEFAULTS: Readonly<
  Record<
    LabMode,
    Pick<
      LabServerConfig,
      'maxConnectionsPerClient' | 'maxSessionsPerClient' | 'idleCullMs' | 'maxStudentBytesPerSecond'
    >
  >
> = {
  // A student's own machine has nobody to give the servers to: their sessions live as long as their tabs.
  local: { maxConnectionsPerClient: 128, maxSessionsPerClient: 64, idleCullMs: 0, maxStudentBytesPerSecond: 0 },
  // In a classroom a client is a student (see lab-server.ts), with a few lab tabs each.
  // 4 MiB/s a student: the lessons' largest burst (30 000 small datagrams in a second) fits; a flood does not.
  classroom: {
    maxConnectionsPerClient: 24,
    maxSessionsPerClient: 12,
    idleCullMs: 45 * 60_000,
    maxStudentBytesPerSecond: 4 * 1024 * 1024,
  },
};

/** An instructor password is guessed against a limiter, but one of a few characters would still fall in a lesson. */
const MIN_PASSWORD_LENGTH = 10;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function resolveConfig(input: ConfigInput = {}): LabServerConfig {
  const { https: httpsFiles, ...rest } = input;
  const config: LabServerConfig = { ...DEFAULTS, ...MODE_DEFAULTS[input.mode ?? DEFAULTS.mode], ...rest };
  const { first, last } = config.labPorts;
  if (!isPort(config.port, true)) throw new ConfigError(`PORT must be 0–65535, got ${config.port}.`);
  if (!isPort(first) || !isPort(last) || first > last) {
    throw new ConfigError(`LAB_PORTS must be a range like 20000-29999 within 1–65535, got ${first}-${last}.`);
  }
  if (!Number.isInteger(config.sessionGraceMs) || config.sessionGraceMs < 0) {
    throw new ConfigError(`SESSION_GRACE_MS must be a whole number of milliseconds, got ${config.sessionGraceMs}.`);
  }
  for (const [name, value] of [
    ['MAX_SESSIONS', config.maxSessions],
    ['MAX_CONNECTIONS_PER_CLIENT', config.maxConnectionsPerClient],
    ['MAX_SESSIONS_PER_CLIENT', config.maxSessionsPerClient],
    ['MAX_STUDENTS', config.maxStudents],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be at least 1, got ${value}.`);
  }
  if (!Number.isInteger(config.captureBufferMiB) || config.captureBufferMiB < 4 || config.captureBufferMiB > 1024) {
    throw new ConfigError(`CAPTURE_BUFFER_MIB must be a whole number from 4 to 1024, got ${config.captureBufferMiB}.`);
  }
  if (!Number.isInteger(config.helloTimeoutMs) || config.helloTimeoutMs < 1) {
    throw new ConfigError(
      `HELLO_TIMEOUT_MS must be a positive whole number of milliseconds, got ${config.helloTimeoutMs}.`,
    );
  }
  if (!Number.isInteger(config.maxStudentBytesPerSecond) || config.maxStudentBytesPerSecond < 0) {
    throw new ConfigError(
      `MAX_STUDENT_BYTES_PER_SECOND must be a whole number of bytes (0: no limit), got ${config.maxStudentBytesPerSecond}.`,
    );
  }
  if (!Number.isInteger(config.idleCullMs) || config.idleCullMs < 0) {
    throw new ConfigError(
      `IDLE_CULL_MINUTES must be a whole number of minutes (0: never), got ${config.idleCullMs / 60_000}.`,
    );
  }
  if (!Number.isInteger(config.stuckAfterMs) || config.stuckAfterMs < 60_000) {
    throw new ConfigError(`STUCK_MINUTES must be a whole number of at least 1, got ${config.stuckAfterMs / 60_000}.`);
  }
  if (config.instructorPassword !== undefined && [...config.instructorPassword].length < MIN_PASSWORD_LENGTH) {
    throw new ConfigError(
      `INSTRUCTOR_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters (or unset, for a one-time login URL at each start).`,
    );
  }
  if (config.dataDir.trim() === '') throw new ConfigError('DATA_DIR must name a directory, got an empty string.');
  return { ...config, dataDir: path.resolve(config.dataDir), https: httpsOf(httpsFiles) };
}

function httpsOf(files: HttpsFiles | undefined): HttpsCredentials | undefined {
  if (files === undefined) return undefined;
  try {
    return readHttpsCredentials(files);
  } catch (error) {
    if (error instanceof HttpsCredentialsError) throw new ConfigError(error.message);
    throw error;
  }
}

/** Reads the documented environment variables (see docs/reference/http-api.md). */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): ConfigInput {
  const input: { -readonly [K in keyof ConfigInput]: ConfigInput[K] } = {};
  if (env.HOST) input.host = env.HOST;
  if (env.PORT) input.port = parseWhole(env.PORT, 'PORT');
  if (env.LAB_PORTS) {
    const match = /^(\d+)-(\d+)$/.exec(env.LAB_PORTS.trim());
    if (!match) throw new ConfigError(`LAB_PORTS must look like 20000-29999, got "${env.LAB_PORTS}".`);
    input.labPorts = { first: Number(match[1]), last: Number(match[2]) };
  }
  if (env.SESSION_GRACE_MS) input.sessionGraceMs = parseWhole(env.SESSION_GRACE_MS, 'SESSION_GRACE_MS');
  if (env.MAX_SESSIONS) input.maxSessions = parseWhole(env.MAX_SESSIONS, 'MAX_SESSIONS');
  if (env.MAX_CONNECTIONS_PER_CLIENT) {
    input.maxConnectionsPerClient = parseWhole(env.MAX_CONNECTIONS_PER_CLIENT, 'MAX_CONNECTIONS_PER_CLIENT');
  }
  if (env.MAX_SESSIONS_PER_CLIENT) {
    input.maxSessionsPerClient = parseWhole(env.MAX_SESSIONS_PER_CLIENT, 'MAX_SESSIONS_PER_CLIENT');
  }
  if (env.MAX_STUDENTS) input.maxStudents = parseWhole(env.MAX_STUDENTS, 'MAX_STUDENTS');
  if (env.IDLE_CULL_MINUTES) input.idleCullMs = parseWhole(env.IDLE_CULL_MINUTES, 'IDLE_CULL_MINUTES') * 60_000;
  if (env.MAX_STUDENT_BYTES_PER_SECOND) {
    input.maxStudentBytesPerSecond = parseWhole(env.MAX_STUDENT_BYTES_PER_SECOND, 'MAX_STUDENT_BYTES_PER_SECOND');
  }
  if (env.STUCK_MINUTES) input.stuckAfterMs = parseWhole(env.STUCK_MINUTES, 'STUCK_MINUTES') * 60_000;
  if (env.HELLO_TIMEOUT_MS) input.helloTimeoutMs = parseWhole(env.HELLO_TIMEOUT_MS, 'HELLO_TIMEOUT_MS');
  if (env.TRUSTED_PROXIES) {
    input.trustedProxies = env.TRUSTED_PROXIES.split(',')
      .map((address) => address.trim())
      .filter((address) => address !== '');
  }
  if (env.LAB_MODE) {
    if (env.LAB_MODE !== 'local' && env.LAB_MODE !== 'classroom') {
      throw new ConfigError(`LAB_MODE must be local or classroom, got "${env.LAB_MODE}".`);
    }
    input.mode = env.LAB_MODE;
  }
  if (env.CAPTURE !== undefined && env.CAPTURE !== 'auto' && env.CAPTURE !== 'off') {
    throw new ConfigError(`CAPTURE must be auto or off, got "${env.CAPTURE}".`);
  }
  input.capture = env.CAPTURE === 'off' ? 'off' : 'auto';
  if (env.CAPTURE_BUFFER_MIB) input.captureBufferMiB = parseWhole(env.CAPTURE_BUFFER_MIB, 'CAPTURE_BUFFER_MIB');
  if (env.DATA_DIR !== undefined) input.dataDir = env.DATA_DIR;
  // The real server keeps students' progress: `npm start` persists, always in DATA_DIR.
  input.progress = 'data-dir';
  if (env.NEW_PKI !== undefined && env.NEW_PKI !== '' && env.NEW_PKI !== '0' && env.NEW_PKI !== '1') {
    throw new ConfigError(`NEW_PKI must be 1 (make a new class PKI) or 0, got "${env.NEW_PKI}".`);
  }
  input.newPki = env.NEW_PKI === '1';
  if (env.INSTRUCTOR_PASSWORD !== undefined && env.INSTRUCTOR_PASSWORD !== '') {
    input.instructorPassword = env.INSTRUCTOR_PASSWORD;
  }
  if (Boolean(env.HTTPS_CERT) !== Boolean(env.HTTPS_KEY)) {
    throw new ConfigError(
      `HTTPS_CERT and HTTPS_KEY go together: ${env.HTTPS_CERT ? 'HTTPS_KEY' : 'HTTPS_CERT'} is not set. Set both (the certificate chain and its private key, PEM) to serve HTTPS, or neither to serve HTTP.`,
    );
  }
  if (env.HTTPS_CERT && env.HTTPS_KEY) input.https = { certFile: env.HTTPS_CERT, keyFile: env.HTTPS_KEY };
  if (env.EXTRA_ORIGINS) input.extraOrigins = env.EXTRA_ORIGINS.split(',').map((origin) => origin.trim());
  const host = input.host ?? DEFAULTS.host;
  // Lab servers listen where the site listens: a student on their own machine keeps everything on loopback,
  // an instructor who binds the site to the LAN wants boards on that LAN to reach the echo servers too.
  input.labHost = host;
  input.publicHost = env.PUBLIC_HOST ?? (isLoopbackOrWildcard(host) ? '127.0.0.1' : host);
  if (input.mode === 'classroom' && (host === '0.0.0.0' || host === '::') && !env.PUBLIC_HOST) {
    // The join URL the instructor projects would otherwise name 127.0.0.1, every student's own machine.
    throw new ConfigError(
      `LAB_MODE=classroom with HOST=${host} needs PUBLIC_HOST: the address students open, such as PUBLIC_HOST=192.168.1.20.`,
    );
  }
  return input;
}

function parseWhole(text: string, name: string): number {
  if (!/^\d+$/.test(text.trim())) throw new ConfigError(`${name} must be a whole number, got "${text}".`);
  return Number(text);
}

function isPort(value: number, allowZero = false): boolean {
  return Number.isInteger(value) && value >= (allowZero ? 0 : 1) && value <= 65535;
}

export function isLoopbackOrWildcard(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '::' || host === '0.0.0.0' || host.startsWith('127.');
}
