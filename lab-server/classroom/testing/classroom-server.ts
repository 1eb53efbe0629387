/**
 * A real HTTP server with the classroom's routes, for the route tests and the browser test: the lab server's
 * router and origin policy, a real SQLite progress store in a temporary directory, on port 0 — everything the
 * lab server puts in front of these routes, without sessions. `restart()` opens the same store again, as a
 * lab server started again on the same data directory would.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../../config';
import { createOriginPolicy, type OriginPolicy } from '../../http/origin-policy';
import { apiNotFoundRoute } from '../../http/pcapng-download';
import { createRouter } from '../../http/router';
import { createStaticHandler } from '../../http/static-files';
import { LabRegistry } from '../../labs/lab-registry';
import { PortPool } from '../../ports/port-pool';
import { SessionRegistry } from '../../sessions/session-registry';
import type { ProgressStore } from '../../store/progress-store';
import { openProgressStore } from '../../store/sqlite-store';
import { type Classroom, type ClassroomOptions, createClassroom } from '../classroom';

export interface ClassroomServerOptions {
  readonly instructorPassword?: string;
  readonly limits?: ClassroomOptions['limits'];
  readonly clock?: () => number;
  readonly siteDir?: string;
  readonly secure?: boolean;
  readonly maxStudents?: number;
}

export class ClassroomServer {
  readonly dataDir: string;
  readonly #options: ClassroomServerOptions;
  #server: http.Server | undefined;
  #store: ProgressStore | undefined;
  #classroom: Classroom | undefined;
  #port = 0;

  private constructor(dataDir: string, options: ClassroomServerOptions) {
    this.dataDir = dataDir;
    this.#options = options;
  }

  static async start(options: ClassroomServerOptions = {}): Promise<ClassroomServer> {
    const server = new ClassroomServer(mkdtempSync(path.join(tmpdir(), 'socketlab-classroom-')), options);
    await server.#start(0);
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get classroom(): Classroom {
    if (this.#classroom === undefined) throw new Error('not started');
    return this.#classroom;
  }

  get store(): ProgressStore {
    if (this.#store === undefined) throw new Error('not started');
    return this.#store;
  }

  /** Stops and starts again on the same port and data directory. */
  async restart(): Promise<void> {
    const port = this.#port;
    await this.#stop();
    await this.#start(port);
  }

  async close(): Promise<void> {
    await this.#stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async #start(port: number): Promise<void> {
    this.#store = await openProgressStore(this.dataDir);
    let origins: OriginPolicy = createOriginPolicy({
      host: '127.0.0.1',
      port,
      publicHost: '127.0.0.1',
      extraOrigins: [],
    });
    const options = this.#options;
    this.#classroom = await createClassroom({
      config: {
        trustedProxies: [],
        instructorPassword: options.instructorPassword,
        maxStudents: options.maxStudents ?? 1000,
        stuckAfterMs: 10 * 60_000,
      },
      store: this.#store,
      // No labs: these tests are about the routes; the lab server's own tests run sessions.
      sessions: new SessionRegistry(resolveConfig({}), new LabRegistry([]), new PortPool({ first: 1, last: 1 })),
      labs: [],
      secure: options.secure ?? false,
      allowsOrigin: (origin, host) => origins.allows(origin, host),
      publicUrl: () => this.url,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    });
    const server = http.createServer(
      createRouter({
        routes: [...this.#classroom.routes, apiNotFoundRoute],
        fallback: createStaticHandler(options.siteDir),
        allowsHost: (host) => origins.allowsHost(host),
      }),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
    origins = createOriginPolicy({ host: '127.0.0.1', port: this.#port, publicHost: '127.0.0.1', extraOrigins: [] });
  }

  async #stop(): Promise<void> {
    this.#classroom?.dispose();
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    await this.#store?.close();
    this.#store = undefined;
  }
}

/** An answer as a test reads it. */
export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
  /** The `name=value` of each Set-Cookie, to send back. */
  readonly cookies: readonly string[];
}

/**
 * A browser-like client of one server: keeps the cookies it is given (and forgets those cleared), sends the
 * server's own Origin and JSON unless a test says otherwise.
 */
export class ClassroomClient {
  readonly #server: Pick<ClassroomServer, 'url'>;
  readonly #jar = new Map<string, string>();
  readonly #language: string;

  constructor(server: Pick<ClassroomServer, 'url'>, language = 'en') {
    this.#server = server;
    this.#language = language;
  }

  get cookieHeader(): string {
    return [...this.#jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Another tab of the same browser: the same cookies. */
  tab(): ClassroomClient {
    const other = new ClassroomClient(this.#server, this.#language);
    for (const [name, value] of this.#jar) other.#jar.set(name, value);
    return other;
  }

  get(path: string): Promise<Answer> {
    return this.#send('GET', path, undefined, {});
  }

  post(
    path: string,
    body: unknown,
    options: { readonly origin?: string | null; readonly type?: string | null; readonly raw?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    const origin = options.origin === undefined ? this.#server.url : options.origin;
    if (origin !== null) headers.origin = origin;
    const type = options.type === undefined ? 'application/json' : options.type;
    if (type !== null) headers['content-type'] = type;
    return this.#send('POST', path, options.raw ?? JSON.stringify(body), headers);
  }

  async #send(
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<Answer> {
    // node:http without keep-alive rather than fetch: a test restarts the server, and a pooled socket the
    // server closed would fail the next request before the client noticed.
    const answer = await new Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }>(
      (resolve, reject) => {
        const request = http.request(
          `${this.#server.url}${path}`,
          {
            method,
            agent: false,
            headers: {
              ...headers,
              'accept-language': this.#language,
              ...(this.#jar.size === 0 ? {} : { cookie: this.cookieHeader }),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.once('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                text: Buffer.concat(chunks).toString('utf8'),
                headers: response.headers,
              }),
            );
            response.once('error', reject);
          },
        );
        request.once('error', reject);
        request.end(body);
      },
    );
    const setCookies = answer.headers['set-cookie'] ?? [];
    const cookies = setCookies.map((line) => line.split(';')[0] ?? '');
    for (const cookie of cookies) {
      const [name = '', value = ''] = cookie.split('=', 2);
      if (value === '') this.#jar.delete(name);
      else this.#jar.set(name, value);
    }
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (typeof value === 'string') responseHeaders.set(name, value);
    }
    for (const line of setCookies) responseHeaders.append('set-cookie', line);
    return {
      status: answer.status,
      body: answer.text === '' ? {} : (JSON.parse(answer.text) as Record<string, unknown>),
      headers: responseHeaders,
      cookies,
    };
  }
}
