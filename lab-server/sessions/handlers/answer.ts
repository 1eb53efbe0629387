/**
 * `answer`: the student's answer to a capture question, judged against their own packets; the verdict goes back
 * as a `question` message.
 */

import type { AnswerMessage } from '../../../src/protocol';
import type { Session } from '../session';

export function handleAnswer(session: Session, message: AnswerMessage): void {
  session.answer(message.question, message.value);
}
