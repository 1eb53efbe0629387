/**
 * `resize`: the terminal's new size, so the shell's line editor wraps where xterm does.
 */

import type { ResizeMessage } from '../../../src/protocol';
import type { Session } from '../session';

export function handleResize(session: Session, message: ResizeMessage): void {
  session.resize(message.cols);
}
