/**
 * All live sessions of the lab server. It creates a session for a `hello`, or hands an existing one back to a
 * page that reloaded (same id, right token, same lab, nobody else attached), enforces the session limit, and
 * forgets a session when it ends.
 */

import type { CaptureStatus, HelloMessage } from '../../src/protocol';
import { LabError } from '../../src/protocol';
import type { CapturePipeline } from '../capture';
import type { LabServerConfig } from '../config';
import type { LabRegistry } from '../labs/lab-registry';
import { log } from '../log';
import type { PortPool } from '../ports/port-pool';
import { Session } from './session';

export class SessionRegistry {
  readonly #sessions = new Map<string, Session>();
  readonly #config: LabServerConfig;
  readonly #labs: LabRegistry;
  readonly #ports: PortPool;
  readonly #capture: CapturePipeline | undefined;
  #starting = 0;

  constructor(config: LabServerConfig, labs: LabRegistry, ports: PortPool, capture?: CapturePipeline) {
    this.#config = config;
    this.#labs = labs;
    this.#ports = ports;
    this.#capture = capture;
    capture?.onStateChange((status) => this.#captureChanged(status));
  }

  get size(): number {
    return this.#sessions.size;
  }

  get(id: string): Session | undefined {
    return this.#sessions.get(id);
  }

  /** A detached session this hello may resume, or undefined (then a new one starts). */
  resumable(hello: HelloMessage): Session | undefined {
    if (hello.resume === undefined) return undefined;
    const session = this.#sessions.get(hello.resume.session);
    if (session === undefined || session.isDisposed || session.attached) return undefined;
    if (session.lab.id !== hello.lab || !session.tokenMatches(hello.resume.token)) return undefined;
    return session;
  }

  async start(hello: HelloMessage): Promise<Session> {
    const lab = this.#labs.get(hello.lab);
    if (this.#sessions.size + this.#starting >= this.#config.maxSessions) {
      throw new LabError(
        'LAB_ERR_SESSION_LIMIT',
        `This lab server already runs ${this.#config.maxSessions} sessions; close another lab tab or try again later.`,
      );
    }
    this.#starting++;
    let session: Session;
    try {
      session = await Session.start(
        lab,
        this.#config,
        this.#ports,
        hello.cols === undefined ? {} : { cols: hello.cols },
        this.#capture,
      );
    } finally {
      this.#starting--;
    }
    this.#sessions.set(session.id, session);
    log(`session ${session.id} started: lab ${lab.id}, ports ${session.ports.join(', ')}`);
    session.onEnd(() => {
      this.#sessions.delete(session.id);
      log(`session ${session.id} ended`);
    });
    return session;
  }

  #captureChanged(status: CaptureStatus): void {
    log(`capture ${status.state}: ${status.reason}`);
    for (const session of this.#sessions.values()) session.captureChanged(status);
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.#sessions.values()].map((session) => session.dispose()));
  }
}
