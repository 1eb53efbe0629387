/**
 * `fault`: the student sets one of the lab's faults from the panel (a loss rate); it is applied in the kernel,
 * then reported as a `fault` message. One the lab lacks, or may not set, is answered with its catalog error.
 */

import type { SetFaultMessage } from '../../../src/protocol';
import type { Session } from '../session';

export function handleFault(session: Session, message: SetFaultMessage): Promise<void> {
  return session.setFault(message.kind, message.server, message.value);
}
