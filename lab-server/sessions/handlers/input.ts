/**
 * `input`: keystrokes for the lab shell.
 */

import type { InputMessage } from '../../../src/protocol';
import type { Session } from '../session';

export function handleInput(session: Session, message: InputMessage): void {
  session.input(message.data);
}
