/**
 * All live sessions of the lab server. It creates a session for a `hello`, or hands an existing one back to a
 * page that reloaded (same id, right token, same lab, nobody else attached), enforces the server's session
 * limit and each client's, refuses new sessions while the server stops, and forgets a session when it ends.
 */

import { Emitter, type Event } from '../../src/common/emitter';
import { localized } from '../../src/common/localized';
import type { HelloMessage, WatchedMessage } from '../../src/protocol';
import { LabError } from '../../src/protocol';
import type { CaptureReport } from '../capture';
import type { LabServerConfig } from '../config';
import type { LabRegistry } from '../labs/lab-registry';
import { log } from '../log';
import type { PortPool } from '../ports/port-pool';
import type { OwnerId } from '../store/progress-store';
import { Session, type SessionServices } from './session';
import { StudentTraffic } from './traffic-budget';

const TEXT = localized({
  en: {
    full: (limit: number) =>
      `This lab server is full: it already runs ${limit} lab sessions (MAX_SESSIONS). Close a lab tab you no longer use, or wait: this page tries again by itself.`,
    yours: (count: number, graceSeconds: number) =>
      `You already run ${count} lab sessions, as many as one client may (MAX_SESSIONS_PER_CLIENT). Close lab tabs you no longer use: their sessions end ${graceSeconds} s later, and this page then tries again by itself.`,
  },
  'zh-Hans': {
    full: (limit) =>
      `这个实验服务器已满：它已经在运行 ${limit} 个实验会话（MAX_SESSIONS）。关掉不再使用的实验标签页，或者稍等：本页会自动重试。`,
    yours: (count, graceSeconds) =>
      `你已经在运行 ${count} 个实验会话，达到了单个客户端的上限（MAX_SESSIONS_PER_CLIENT）。关掉不再使用的实验标签页：它们的会话会在 ${graceSeconds} 秒后结束，之后本页会自动重试。`,
  },
});

/** What happens to sessions, for the classroom's roster and the instructor's drill-down. */
export type SessionActivity =
  | { readonly kind: 'started' | 'presence' | 'ended'; readonly session: Session }
  | { readonly kind: 'message'; readonly session: Session; readonly message: WatchedMessage };

export class SessionRegistry {
  readonly #sessions = new Map<string, Session>();
  readonly #config: LabServerConfig;
  readonly #labs: LabRegistry;
  readonly #ports: PortPool;
  /** What sessions share: the capture, the fault service, the class PKI, the progress store. */
  readonly #services: SessionServices;
  /** Sessions running or starting, per client. */
  readonly #perClient = new Map<string, number>();
  #starting = 0;
  #stopping = false;
  readonly #activity = new Emitter<SessionActivity>();
  /** Each student's byte budget, shared by their sessions, while they have any. */
  readonly #traffic = new Map<OwnerId, StudentTraffic>();

  /** A session started, a page attached to or left one, one ended, or one sent its page a mirrored message. */
  readonly onActivity: Event<SessionActivity> = this.#activity.event;

  constructor(config: LabServerConfig, labs: LabRegistry, ports: PortPool, services: SessionServices = {}) {
    this.#config = config;
    this.#services = services;
    this.#labs = labs;
    this.#ports = ports;
    services.capture?.onStateChange((status) => this.#captureChanged(status));
  }

  get size(): number {
    return this.#sessions.size;
  }

  get(id: string): Session | undefined {
    return this.#sessions.get(id);
  }

  /** A detached session of `owner` this hello may resume, or undefined (then a new one starts). */
  resumable(hello: HelloMessage, owner: OwnerId): Session | undefined {
    if (hello.resume === undefined) return undefined;
    const session = this.#sessions.get(hello.resume.session);
    if (session === undefined || session.isDisposed || session.attached) return undefined;
    // A resume token that reached someone else (a shared screen, a proxy's log) does not hand them the work.
    if (session.owner !== owner) return undefined;
    if (session.lab.id !== hello.lab || !session.tokenMatches(hello.resume.token)) return undefined;
    return session;
  }

  /** The running sessions of `owner` (a student, in a classroom), oldest first. */
  ofOwner(owner: OwnerId): Session[] {
    return [...this.#sessions.values()].filter((session) => session.owner === owner);
  }

  /** Every running session, oldest first. */
  all(): Session[] {
    return [...this.#sessions.values()];
  }

  /**
   * Ends every session whose student has shown no sign of work for `idleMs` (see `Session.lastActivityAt`):
   * their servers and ports go back to the class; their progress stays. Resolves with how many ended.
   */
  async cullIdle(idleMs: number, now = Date.now()): Promise<number> {
    const idle = this.all().filter((session) => now - session.lastActivityAt >= idleMs);
    await Promise.allSettled(idle.map((session) => session.endWith('LAB_ERR_SESSION_IDLE')));
    for (const session of idle) {
      log('session culled: idle', { session: session.id, lab: session.lab.id, owner: session.owner, idleMs });
    }
    return idle.length;
  }

  /** Ends `owner`'s sessions (of `lab` only, when given), telling each page why. */
  async endSessionsOf(
    owner: OwnerId,
    code: 'LAB_ERR_LAB_RESET' | 'LAB_ERR_STUDENT_REMOVED' | 'LAB_ERR_NOT_JOINED',
    lab?: string,
  ): Promise<void> {
    const ending = this.ofOwner(owner).filter((session) => lab === undefined || session.lab.id === lab);
    await Promise.allSettled(ending.map((session) => session.endWith(code)));
  }

  /** Sessions of one client, running or starting. */
  countFor(client: string): number {
    return this.#perClient.get(client) ?? 0;
  }

  /** Starts a new session of `owner`'s for `client`, within the server's and the client's limits. */
  async start(hello: HelloMessage, client: string, owner: OwnerId): Promise<Session> {
    if (this.#stopping) throw new LabError('LAB_ERR_SERVER_STOPPING');
    const lab = this.#labs.get(hello.lab);
    if (this.#sessions.size + this.#starting >= this.#config.maxSessions) {
      throw new LabError('LAB_ERR_SESSION_LIMIT', TEXT.full(this.#config.maxSessions));
    }
    const mine = this.countFor(client);
    if (mine >= this.#config.maxSessionsPerClient) {
      throw new LabError(
        'LAB_ERR_CLIENT_SESSION_LIMIT',
        TEXT.yours(mine, Math.round(this.#config.sessionGraceMs / 1000)),
      );
    }
    this.#starting++;
    this.#perClient.set(client, mine + 1);
    let session: Session;
    try {
      session = await Session.start(
        lab,
        this.#config,
        this.#ports,
        {
          owner,
          ...(hello.cols === undefined ? {} : { cols: hello.cols }),
          ...(hello.locale === undefined ? {} : { locale: hello.locale }),
        },
        { ...this.#services, traffic: this.#trafficOf(owner) },
      );
    } catch (error) {
      this.#forgetTraffic(owner);
      this.#release(client);
      throw error;
    } finally {
      this.#starting--;
    }
    this.#sessions.set(session.id, session);
    log('session started', { session: session.id, lab: lab.id, owner, ports: session.ports.join(',') });
    session.onMirror((message) => this.#activity.fire({ kind: 'message', session, message }));
    session.onPresence(() => this.#activity.fire({ kind: 'presence', session }));
    session.onEnd(() => {
      this.#sessions.delete(session.id);
      this.#release(client);
      this.#forgetTraffic(owner);
      log('session ended', { session: session.id, lab: lab.id, owner });
      this.#activity.fire({ kind: 'ended', session });
    });
    this.#activity.fire({ kind: 'started', session });
    return session;
  }

  /** From now on `hello` is refused with LAB_ERR_SERVER_STOPPING. */
  stopAccepting(): void {
    this.#stopping = true;
  }

  #trafficOf(owner: OwnerId): StudentTraffic | undefined {
    const limit = this.#config.maxStudentBytesPerSecond;
    if (limit === 0) return undefined;
    let traffic = this.#traffic.get(owner);
    if (traffic === undefined) {
      traffic = new StudentTraffic(limit);
      this.#traffic.set(owner, traffic);
    }
    return traffic;
  }

  /** Once a student has no session left, their budget goes (a new one starts full, as a rested one would be). */
  #forgetTraffic(owner: OwnerId): void {
    if (this.ofOwner(owner).length === 0) this.#traffic.delete(owner);
  }

  #release(client: string): void {
    const left = this.countFor(client) - 1;
    if (left > 0) this.#perClient.set(client, left);
    else this.#perClient.delete(client);
  }

  #captureChanged(status: CaptureReport): void {
    log(`capture ${status.state}: ${status.reason.en}`);
    for (const session of this.#sessions.values()) session.captureChanged(status);
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.#sessions.values()].map((session) => session.dispose()));
  }
}
