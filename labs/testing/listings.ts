/**
 * Helpers for the tests that run a lesson's code listings for real, so a page cannot teach a program that does
 * not work, in any of the site's languages: the lesson's page in each language, the listings taken from the MDX
 * by their `title=` meta, a child-process runner with a time limit, a starter for the lessons' own servers, and
 * a loopback TCP echo server like the lab's that records what each client sent and how it ended.
 * `LessonListings` puts them together for one page, and a lesson's test file runs the same tests on each of its
 * pages, holding only what that lesson's listings must do.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LOCALE, docsDir, type Locale } from '../../src/i18n/locales';
import { fencedBlocks } from '../../src/i18n/testing/fenced-blocks';

/** No child may run longer than this by default; a hung program fails its test instead of hanging the suite. */
export const CHILD_TIMEOUT_MS = 15_000;
/** How long a lesson's server may take to say it is listening. */
export const SERVER_READY_MS = 10_000;
/** A lesson's server is killed (SIGKILL) if it outlives this, even when its test never stops it. */
export const SERVER_LIFETIME_MS = 20_000;

/**
 * Every fenced code block of an MDX page whose `title="…"` names a file, by that name, with its indentation
 * removed. A caption such as `title="lab terminal"` says where a command is typed; it is not a listing.
 */
export function extractListings(mdx: string): Map<string, string> {
  const listings = new Map<string, string>();
  for (const block of fencedBlocks(mdx)) {
    if (block.file === undefined) continue;
    assert.ok(!listings.has(block.file), `two code blocks are titled ${block.file}`);
    listings.set(block.file, block.body);
  }
  return listings;
}

/** One language's page of a lesson, for a listing test to run. */
export interface LessonPage {
  readonly locale: Locale;
  readonly url: URL;
}

/**
 * The lesson page whose listings a listing test runs: `doc` is its path under `docs/`, such as
 * `tcp/first-connection.mdx`. Only the English page's are run. A translation at the same path under its
 * locale's folder may word its comments differently and nothing else: src/i18n/translations.test.ts holds its
 * listings to the English ones byte for byte once comments are taken out (a comment that ends too early leaves
 * code that differs), and src/i18n/translated-listings.integration.test.ts has each one's compiler or
 * interpreter read it (a stray quote, an encoding the compiler refuses). Running them all again would prove
 * nothing more, at the cost of minutes of every test run.
 */
export function lessonPages(doc: string): LessonPage[] {
  return [{ locale: DEFAULT_LOCALE, url: new URL(`../../${docsDir(DEFAULT_LOCALE)}/${doc}`, import.meta.url) }];
}

export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs a program to completion, killing it (SIGKILL) if it outlives `timeoutMs`. */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = CHILD_TIMEOUT_MS,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

export function describeRun(result: ChildResult): string {
  const how = result.timedOut ? 'timed out' : `exit ${result.code ?? result.signal}`;
  return `${how}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}`;
}

/** A lesson's server, started by `startServerProgram`. */
export interface ServerProgram {
  /** The match of the `ready` pattern in what the server printed, so a test can read the port it chose. */
  readonly ready: RegExpExecArray;
  /** Resolves when the server has exited. */
  readonly exited: Promise<void>;
  /** Ends the server (SIGTERM); a test calls it in its `finally`. */
  stop(): void;
}

/**
 * Starts a program that serves until it is stopped, such as a lesson's server, and resolves once its standard
 * output matches `ready`. Rejects, killing the program, if it exits first or is not ready within
 * SERVER_READY_MS.
 */
export function startServerProgram(
  command: string,
  args: readonly string[],
  cwd: string,
  ready: RegExp,
): Promise<ServerProgram> {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const lifetime = setTimeout(() => child.kill('SIGKILL'), SERVER_LIFETIME_MS);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      clearTimeout(lifetime);
      resolve();
    });
  });
  const stop = (): void => {
    clearTimeout(lifetime);
    child.kill('SIGTERM');
  };
  return new Promise((resolve, reject) => {
    let output = '';
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(lifetime);
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} ${why}: ${output}`));
    };
    const timer = setTimeout(() => fail(`was not ready within ${SERVER_READY_MS} ms`), SERVER_READY_MS);
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      output += text;
    });
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      const match = ready.exec(output);
      if (match === null || settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ready: match, exited, stop });
    });
    child.on('exit', (code, signal) => fail(`exited (${code ?? signal}) before it was ready`));
    child.on('error', (error) => fail(`cannot be started: ${error.message}`));
  });
}

/** What the echo server saw of one connection, in order: `data`, `fin` (the client's FIN), `reset`. */
export interface EchoConnection {
  readonly events: ('data' | 'fin' | 'reset')[];
  readonly chunks: Buffer[];
  readonly closed: Promise<void>;
}

export interface RecordingEchoServer {
  readonly port: number;
  readonly connections: EchoConnection[];
  close(): Promise<void>;
}

/**
 * A TCP echo server like the lab's, on 127.0.0.1 and a port the kernel picks: it writes back every byte and,
 * when the client's FIN arrives, ends its own side (allowHalfOpen, as a C server whose read() returned 0).
 */
export async function startRecordingEchoServer(): Promise<RecordingEchoServer> {
  const connections: EchoConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, function serverOnConnection(socket) {
    sockets.add(socket);
    let markClosed: () => void = () => {};
    const record: EchoConnection = {
      events: [],
      chunks: [],
      closed: new Promise<void>((resolve) => {
        markClosed = resolve;
      }),
    };
    connections.push(record);
    socket.on('data', function socketOnData(chunk: Buffer) {
      record.events.push('data');
      record.chunks.push(chunk);
      socket.write(chunk);
    });
    socket.on('end', function socketOnEnd() {
      record.events.push('fin');
      socket.end();
    });
    socket.on('error', function socketOnError(error: NodeJS.ErrnoException) {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') record.events.push('reset');
    });
    socket.on('close', function socketOnClose() {
      sockets.delete(socket);
      markClosed();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object', 'the echo server has no port');
  return {
    port: address.port,
    connections,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port where nothing listens right now: bound by the kernel's choice, then released. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen({ host: '127.0.0.1', port: 0 }, () => resolve()));
  const address = probe.address();
  assert.ok(address !== null && typeof address === 'object');
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return address.port;
}

/** Resolves when the connection closes, or rejects after `ms`. */
export async function closedWithin(connection: EchoConnection, ms = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the server did not see the connection close')), ms);
  });
  try {
    await Promise.race([connection.closed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The one connection a client made, once the echo server has seen it close. */
export async function onlyConnection(connections: readonly EchoConnection[]): Promise<EchoConnection> {
  assert.equal(connections.length, 1, `expected one connection to the echo server, saw ${connections.length}`);
  const connection = connections[0]!;
  await closedWithin(connection);
  return connection;
}

/** A client's run, with the connections the echo server saw open while it ran. */
export interface ClientRun {
  readonly result: ChildResult;
  readonly connections: readonly EchoConnection[];
}

export interface LessonListingsOptions {
  /** How long each program may run; CHILD_TIMEOUT_MS unless a lesson's tests want it shorter. */
  readonly childTimeoutMs?: number;
}

/**
 * One lesson's listings and what running them takes, for one test file: the page's titled code blocks, a
 * scratch directory to write and run them in, and a recording echo server. The file calls `open()` in its
 * `before` and `close()` in its `after`.
 */
export class LessonListings {
  readonly #file: string;
  readonly #childTimeoutMs: number;
  #mdx: string | undefined;
  #listings = new Map<string, string>();
  #workDir: string | undefined;
  #echo: RecordingEchoServer | undefined;

  /** `lesson`: the page's MDX file, as a `LessonPage`'s `url` or `new URL('../../docs/….mdx', import.meta.url)`. */
  constructor(lesson: URL, options: LessonListingsOptions = {}) {
    this.#file = fileURLToPath(lesson);
    this.#childTimeoutMs = options.childTimeoutMs ?? CHILD_TIMEOUT_MS;
  }

  async open(): Promise<void> {
    this.#mdx = await readFile(this.#file, 'utf8');
    this.#listings = extractListings(this.#mdx);
    this.#workDir = await mkdtemp(path.join(os.tmpdir(), `socketlab-${path.basename(this.#file, '.mdx')}-`));
    this.#echo = await startRecordingEchoServer();
  }

  async close(): Promise<void> {
    await this.#echo?.close();
    if (this.#workDir !== undefined) await rm(this.#workDir, { recursive: true, force: true });
  }

  /** The page's MDX source. */
  get mdx(): string {
    assert.ok(this.#mdx !== undefined, 'the lesson is not open yet');
    return this.#mdx;
  }

  get workDir(): string {
    assert.ok(this.#workDir !== undefined, 'the lesson is not open yet');
    return this.#workDir;
  }

  get echo(): RecordingEchoServer {
    assert.ok(this.#echo !== undefined, 'the lesson is not open yet');
    return this.#echo;
  }

  /** The code block with this title; fails the test if the page has none. */
  listing(title: string): string {
    const text = this.#listings.get(title);
    assert.ok(text !== undefined, `the lesson has no code block with title="${title}"`);
    return text;
  }

  /** Writes a listing (or an edited copy of it) to the scratch directory under its title. */
  async write(title: string, text = this.listing(title)): Promise<void> {
    await writeFile(path.join(this.workDir, title), text);
  }

  /** Writes a C listing and compiles it with warnings as errors; returns the path of the program. */
  async compile(title: string): Promise<string> {
    await this.write(title);
    const program = path.basename(title, '.c');
    const compiled = await this.run('cc', ['-Wall', '-Wextra', '-Werror', '-o', program, title]);
    assert.equal(compiled.code, 0, `${title} does not compile cleanly: ${describeRun(compiled)}`);
    return path.join(this.workDir, program);
  }

  /** Runs a program in the scratch directory. */
  run(command: string, args: readonly string[]): Promise<ChildResult> {
    return run(command, args, this.workDir, this.#childTimeoutMs);
  }

  /** Runs a client in the scratch directory and returns it with the connections it made to the echo server. */
  async runClient(command: string, args: readonly string[]): Promise<ClientRun> {
    const before = this.echo.connections.length;
    const result = await this.run(command, args);
    return { result, connections: this.echo.connections.slice(before) };
  }

  /** Starts a server listing already written to the scratch directory; see `startServerProgram`. */
  startServer(command: string, args: readonly string[], ready: RegExp): Promise<ServerProgram> {
    return startServerProgram(command, args, this.workDir, ready);
  }
}
