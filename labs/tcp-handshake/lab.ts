/**
 * Lab `tcp-handshake`, embedded in the lesson "The three-way handshake": one TCP echo server per student, two
 * checks judged on the student's own packets, and four questions the student answers from that capture.
 */

import { defineLab } from '../../lab-server/labs/lab-definition';
import { checks } from './checks';
import { questions } from './questions';

export default defineLab({
  id: 'tcp-handshake',
  title: 'The three-way handshake',
  servers: [{ id: 'echo', kind: 'tcp-echo', title: 'TCP echo server' }],
  checks,
  questions,
  greeting: 'Try: connect echo · send Hello,world! · recv · close — then open the Packets and Ladder tabs',
});
