/**
 * Classroom mode's identity, made once at the lab server's start: the class's cookie key, join code and
 * instructor credentials loaded from (or first written to) the progress store, and the routes that use them.
 * `identify` says who a request comes from — the instructor, a joined student, or a stranger — for the
 * WebSocket upgrade and for whatever is built on top (sessions owned by a student, the instructor dashboard).
 *
 * The instructor signs in with INSTRUCTOR_PASSWORD when one is configured; otherwise with a one-time token made
 * at each start and printed inside `instructorLoginUrl()`.
 */

import type { IncomingMessage } from 'node:http';
import type { LabDefinition } from '../../src/lab-kit';
import { clientOf } from '../http/client-address';
import type { Route } from '../http/router';
import type { SessionRegistry } from '../sessions/session-registry';
import type { ProgressStore } from '../store/progress-store';
import { AttemptLimiter, type AttemptLimits } from './attempt-limiter';
import type { ClassroomContext } from './classroom-context';
import type { AllowsOrigin } from './classroom-request';
import { ClassroomIdentity, type Identity } from './identity';
import { InstructorFeed } from './instructor-feed';
import { instructorJoinRoutes } from './instructor-join-routes';
import { instructorLoginRoutes } from './instructor-login-routes';
import { InstructorPassword } from './instructor-password';
import { instructorRoutes } from './instructor-routes';
import { InstructorToken } from './instructor-token';
import { JoinCodes } from './join-code';
import { Roster } from './roster';
import { SETTING } from './settings';
import { CookieSigner } from './signed-cookie';
import { studentRoutes } from './student-routes';

/**
 * Wrong join codes: an address may make 10 mistakes at once and earns one back every 10 s; the whole class 60,
 * one a second. A guesser then needs years for a code (31^6), a student who mistyped waits seconds.
 */
export const JOIN_LIMITS: AttemptLimits = {
  perClient: { burst: 10, perMinute: 6 },
  overall: { burst: 60, perMinute: 60 },
};
/** Failed instructor sign-ins: a password is worth guarding harder than a code that is projected anyway. */
export const LOGIN_LIMITS: AttemptLimits = {
  perClient: { burst: 5, perMinute: 2 },
  overall: { burst: 20, perMinute: 10 },
};

export interface ClassroomOptions {
  readonly config: {
    readonly trustedProxies: readonly string[];
    readonly instructorPassword?: string | undefined;
    readonly maxStudents: number;
    readonly stuckAfterMs: number;
  };
  readonly store: ProgressStore;
  readonly sessions: SessionRegistry;
  readonly labs: readonly LabDefinition[];
  /** Whether a request came over HTTPS, for the cookies' Secure flag. */
  readonly secure: boolean | ((request: IncomingMessage) => boolean);
  /** Whether an Origin (and Host) is a page this server served: the WebSocket's own policy. */
  readonly allowsOrigin: AllowsOrigin;
  /** The site's address as students reach it, such as `http://192.168.1.20:8080`; known once the server listens. */
  readonly publicUrl: () => string;
  readonly clock?: () => number;
  readonly limits?: { readonly join?: AttemptLimits; readonly login?: AttemptLimits };
}

export interface Classroom {
  /** Every classroom route, to put before the router's `/api/` catch-all. */
  readonly routes: readonly Route[];
  identify(request: Pick<IncomingMessage, 'headers'>): Promise<Identity>;
  /** The URL that signs the instructor in, with this start's one-time token; undefined with a password. */
  instructorLoginUrl(): string | undefined;
  /** The URL students open to join, with the current code: what the instructor projects. */
  joinUrl(): string;
  readonly roster: Roster;
  /** The instructor dashboard's WebSocket, for connections already known to be the instructor's. */
  readonly feed: InstructorFeed;
  /** Closes the dashboards and stops following the sessions. */
  dispose(): void;
}

export async function createClassroom(options: ClassroomOptions): Promise<Classroom> {
  const clock = options.clock ?? Date.now;
  const { store } = options;
  const signer = await CookieSigner.load(store);
  const joinCodes = await JoinCodes.load(store);
  const configured = options.config.instructorPassword;
  const password = configured === undefined ? undefined : await InstructorPassword.from(configured);
  let loginToken: string | undefined;
  let token: InstructorToken | undefined;
  if (password === undefined) {
    const issued = await InstructorToken.issue(store);
    loginToken = issued.token;
    token = issued.holder;
  } else {
    // A token left from a start without a password must not stay usable beside the password.
    await store.setSetting(SETTING.instructorToken, '');
  }
  const identity = new ClassroomIdentity(signer, store, clock);
  const { secure } = options;
  const base = (): string => options.publicUrl().replace(/\/$/, '');
  const joinUrl = (): string => `${base()}/join/?code=${joinCodes.code}`;
  let queue: Promise<unknown> = Promise.resolve();
  const roster = new Roster({
    store,
    labs: options.labs,
    sessions: options.sessions,
    stuckAfterMs: options.config.stuckAfterMs,
    clock,
  });
  const feed = new InstructorFeed({
    roster,
    sessions: options.sessions,
    store,
    joining: () => ({ open: joinCodes.open, code: joinCodes.code, url: joinUrl() }),
    clock,
  });
  const context: ClassroomContext = {
    roster,
    maxStudents: options.config.maxStudents,
    endSessionsOf: (id) => options.sessions.endSessionsOf(id, 'LAB_ERR_NOT_JOINED'),
    joiningChanged: () => feed.joiningChanged(),
    store,
    identity,
    joinCodes,
    joinLimiter: new AttemptLimiter(options.limits?.join ?? JOIN_LIMITS, clock),
    loginLimiter: new AttemptLimiter(options.limits?.login ?? LOGIN_LIMITS, clock),
    token,
    password,
    allowsOrigin: options.allowsOrigin,
    secure: typeof secure === 'boolean' ? () => secure : secure,
    clientOf: (request) => clientOf(request, options.config.trustedProxies),
    clock,
    joinUrl,
    serialize(change) {
      const result = queue.then(change);
      queue = result.catch(() => undefined);
      return result;
    },
  };
  return {
    routes: [
      ...studentRoutes(context),
      ...instructorLoginRoutes(context),
      ...instructorJoinRoutes(context),
      ...instructorRoutes(context, { roster, sessions: options.sessions, labs: options.labs }),
    ],
    identify: (request) => identity.identify(request),
    // The token rides in the fragment, which a browser sends to no server and puts in no Referer.
    instructorLoginUrl: () =>
      loginToken === undefined ? undefined : `${base()}/instructor/login/#token=${loginToken}`,
    joinUrl,
    roster,
    feed,
    dispose() {
      feed.dispose();
      roster.dispose();
    },
  };
}
