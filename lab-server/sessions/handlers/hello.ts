/**
 * `hello`: starts a session for the page's lab, or resumes the one it had before a reload, and answers with
 * `welcome`. A page with another protocol version is refused (fatal), so a stale cached page says so clearly.
 */

import { DEFAULT_LOCALE } from '../../../src/common/localized';
import { type HelloMessage, LabError, PROTOCOL_VERSION } from '../../../src/protocol';
import type { Connection } from '../connection';
import type { SessionRegistry } from '../session-registry';

export async function handleHello(
  connection: Connection,
  hello: HelloMessage,
  registry: SessionRegistry,
): Promise<void> {
  if (connection.session !== undefined || connection.starting) {
    throw new LabError('LAB_ERR_SESSION_ALREADY_STARTED', 'This connection already has a session; send "hello" once.');
  }
  if (hello.protocol !== PROTOCOL_VERSION) {
    throw new LabError(
      'LAB_ERR_PROTOCOL_VERSION',
      `The page speaks protocol ${hello.protocol}, this lab server ${PROTOCOL_VERSION}; reload the page.`,
    );
  }
  connection.starting = true;
  try {
    const resumable = registry.resumable(hello);
    const session = resumable ?? (await registry.start(hello, connection.client));
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
