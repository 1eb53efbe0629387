/**
 * `fault`: the student sets one of the lab's faults from the panel (a loss rate, silence on or off, a restart for
 * some seconds); it is put in effect, then reported as a `fault` message. One the lab lacks, or cannot set here,
 * is answered with its catalog error (the decoder already refused a setting outside the kind's bounds).
 */

import type { SetFaultMessage } from '../../../src/protocol';
import type { Session } from '../session';

export function handleFault(session: Session, message: SetFaultMessage): Promise<void> {
  return session.setFault(message.kind, message.server, message.value);
}
