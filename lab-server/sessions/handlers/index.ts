/**
 * Picks the handler for each message type (after aedes's `lib/handlers/`). Every message but `hello` needs a
 * running session; the check is made once, here.
 */

import { localized } from '../../../src/common/localized';
import { type ClientMessage, LabError } from '../../../src/protocol';
import type { Connection, ConnectionHandlers } from '../connection';
import type { SessionRegistry } from '../session-registry';
import { handleAnswer } from './answer';
import { handleFault } from './fault';
import { handleHello } from './hello';
import { handleInput } from './input';
import { handleInspectCertificate } from './inspect-certificate';
import { handlePing } from './ping';
import { handleResize } from './resize';

const TEXT = localized({
  en: { beforeHello: (type: string) => `"${type}" arrived before "hello".` },
  'zh-Hans': { beforeHello: (type) => `"${type}" 在 "hello" 之前到达。` },
});

export function createHandlers(registry: SessionRegistry): ConnectionHandlers {
  return {
    handle(connection: Connection, message: ClientMessage) {
      if (message.type === 'hello') return handleHello(connection, message, registry);
      if (message.type === 'ping') return handlePing(connection, message);
      const session = connection.session;
      if (session === undefined) {
        throw new LabError('LAB_ERR_SESSION_NOT_STARTED', TEXT.beforeHello(message.type));
      }
      switch (message.type) {
        case 'input':
          return handleInput(session, message);
        case 'resize':
          return handleResize(session, message);
        case 'answer':
          return handleAnswer(session, message);
        case 'fault':
          return handleFault(session, message);
        case 'inspect-certificate':
          return handleInspectCertificate(connection, session, message);
      }
    },
  };
}
