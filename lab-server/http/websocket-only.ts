/**
 * `GET /ws` without an upgrade: the path speaks WebSocket only, and says so with `426 Upgrade Required`
 * (RFC 9110 §15.5.22) and the `Upgrade` header a client needs.
 */

import { WEBSOCKET_PATH } from '../../src/protocol';
import type { Route } from './router';
import { sendError } from './send-json';

export const websocketOnlyRoute: Route = {
  path: WEBSOCKET_PATH,
  methods: ['GET'],
  handle(_request, response) {
    sendError(response, 426, 'LAB_ERR_UPGRADE_REQUIRED', `${WEBSOCKET_PATH} speaks WebSocket only.`, {
      upgrade: 'websocket',
      connection: 'Upgrade',
    });
  },
};
