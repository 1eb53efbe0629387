/**
 * `hello`: starts a session for the page's lab, or resumes the one it had before a reload, and answers with
 * `welcome`. A page with another protocol version is refused (fatal), so a stale cached page says so clearly.
 */

import { DEFAULT_LOCALE, localized } from '../../../src/common/localized';
import { type HelloMessage, LabError, PROTOCOL_VERSION } from '../../../src/protocol';
import type { Connection } from '../connection';
import type { SessionRegistry } from '../session-registry';

const TEXT = localized({
  en: {
    already: 'This connection already has a session; send "hello" once.',
    version: (page: number, server: number) =>
      `The page speaks protocol ${page}, this lab server ${server}; reload the page.`,
  },
  'zh-Hans': {
    already: '这个连接已经有会话了；"hello" 只发一次。',
    version: (page, server) => `页面使用协议版本 ${page}，这个实验服务器使用 ${server}；请刷新页面。`,
  },
});

export async function handleHello(
  connection: Connection,
  hello: HelloMessage,
  registry: SessionRegistry,
): Promise<void> {
  // Even a refused hello is answered in the page's language.
  if (hello.locale !== undefined) connection.locale = hello.locale;
  if (connection.session !== undefined || connection.starting) {
    throw new LabError('LAB_ERR_SESSION_ALREADY_STARTED', TEXT.already);
  }
  if (hello.protocol !== PROTOCOL_VERSION) {
    throw new LabError('LAB_ERR_PROTOCOL_VERSION', TEXT.version(hello.protocol, PROTOCOL_VERSION));
  }
  connection.starting = true;
  try {
    const resumable = registry.resumable(hello, connection.owner);
    const session = resumable ?? (await registry.start(hello, connection.client, connection.owner));
    if (connection.closed) {
      // The page left while its servers were starting; nobody can resume a session it never heard of.
      if (resumable === undefined) await session.dispose();
      return;
    }
    connection.session = session;
    const resumed = resumable !== undefined;
    connection.send(session.attach(connection, resumed, hello.locale ?? DEFAULT_LOCALE));
    if (hello.cols !== undefined) session.resize(hello.cols);
    session.afterWelcome(resumed);
  } finally {
    connection.starting = false;
  }
}
