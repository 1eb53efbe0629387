/**
 * Picks the handler for each message type (after aedes's `lib/handlers/`). Every message but `hello` needs a
 * running session; the check is made once, here.
 */

import { type ClientMessage, LabError } from '../../../src/protocol';
import type { Connection, ConnectionHandlers } from '../connection';
import type { SessionRegistry } from '../session-registry';
import { handleAnswer } from './answer';
import { handleHello } from './hello';
import { handleInput } from './input';
import { handlePing } from './ping';
import { handleResize } from './resize';

export function createHandlers(registry: SessionRegistry): ConnectionHandlers {
  return {
    handle(connection: Connection, message: ClientMessage) {
      if (message.type === 'hello') return handleHello(connection, message, registry);
      if (message.type === 'ping') return handlePing(connection, message);
      const session = connection.session;
      if (session === undefined) {
        throw new LabError('LAB_ERR_SESSION_NOT_STARTED', `"${message.type}" arrived before "hello".`);
      }
      switch (message.type) {
        case 'input':
          return handleInput(session, message);
        case 'resize':
          return handleResize(session, message);
        case 'answer':
          return handleAnswer(session, message);
      }
    },
  };
}
