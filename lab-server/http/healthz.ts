/**
 * `GET /healthz`: whether the lab server is up, how many sessions it runs and which version it is — what an
 * instructor's monitoring or a test polls.
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
}

export function healthzRoute(health: () => Health): Route {
  return {
    path: '/healthz',
    methods: ['GET'],
    handle(_request, response) {
      sendJson(response, 200, health());
    },
  };
}
