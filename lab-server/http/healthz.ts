/**
 * `GET /healthz`: whether the lab server is up, how many sessions it runs and which version it is — what an
 * instructor's monitoring or a test polls. In a classroom also how many students joined and how many are in a
 * lab now: counts only, since anyone may ask.
 */

import type { CaptureStatus } from '../../src/protocol';
import type { Route } from './router';
import { sendJson } from './send-json';

export interface Health {
  readonly status: 'ok' | 'stopping';
  readonly sessions: number;
  readonly version: string;
  readonly uptime: number;
  /** `running`, `restarting` or `unavailable` (with the reason and how to enable it). */
  readonly capture: CaptureStatus;
  /** Classroom mode only. */
  readonly students?: { readonly joined: number; readonly online: number };
}

export function healthzRoute(health: () => Health | Promise<Health>): Route {
  return {
    path: '/healthz',
    methods: ['GET'],
    async handle(_request, response) {
      sendJson(response, 200, await health());
    },
  };
}
