/**
 * `GET /healthz`: whether the lab server is up, how many sessions it runs and which version it is — what an
 * instructor's monitoring or a test polls.
 */

import type { ServerResponse } from 'node:http';
import type { CaptureStatus } from '../../src/protocol';

export interface Health {
  readonly status: 'ok';
  readonly sessions: number;
  readonly version: string;
  readonly uptime: number;
  /** `running`, `restarting` or `unavailable` (with the reason and how to enable it). */
  readonly capture: CaptureStatus;
}

export function sendHealth(response: ServerResponse, health: Health): void {
  sendJson(response, 200, health);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}
