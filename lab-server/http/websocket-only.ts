/**
 * `GET /ws` without an upgrade: the path speaks WebSocket only, and says so with `426 Upgrade Required`
 * (RFC 9110 §15.5.22) and the `Upgrade` header a client needs.
 */

import { localized } from '../../src/common/localized';
import { WEBSOCKET_PATH } from '../../src/protocol';
import type { Route } from './router';
import { sendError } from './send-json';

const TEXT = localized({
  en: { websocketOnly: (path: string) => `${path} speaks WebSocket only.` },
  'zh-Hans': { websocketOnly: (path) => `${path} 只使用 WebSocket。` },
});

export const websocketOnlyRoute: Route = {
  path: WEBSOCKET_PATH,
  methods: ['GET'],
  handle(_request, response) {
    sendError(response, 426, 'LAB_ERR_UPGRADE_REQUIRED', TEXT.websocketOnly(WEBSOCKET_PATH), {
      upgrade: 'websocket',
      connection: 'Upgrade',
    });
  },
};
