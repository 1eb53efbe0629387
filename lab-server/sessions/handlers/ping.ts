/**
 * `ping`: answered at once with `pong`, with or without a session — the page's liveness probe.
 */

import type { PingMessage } from '../../../src/protocol';
import type { Connection } from '../connection';

export function handlePing(connection: Connection, message: PingMessage): void {
  connection.send({ type: 'pong', id: message.id });
}
