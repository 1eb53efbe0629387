/**
 * Lab `tcp-teardown`, embedded in the lesson "Closing a connection: FIN, TIME_WAIT and RST": a TCP echo server
 * to close connections with, and a port of the session where nothing listens, to be refused by. Three checks
 * and four questions, all judged on the student's own packets.
 */

import { defineLab } from '../../lab-server/labs/lab-definition';
import { checks } from './checks';
import { questions } from './questions';

export default defineLab({
  id: 'tcp-teardown',
  title: 'Closing a connection: FIN, TIME_WAIT and RST',
  servers: [
    { id: 'echo', kind: 'tcp-echo', title: 'TCP echo server' },
    { id: 'closed', kind: 'closed-port', title: 'Closed port (nothing listens)' },
  ],
  checks,
  questions,
  greeting:
    'Try: connect echo · send Hello,world! · recv · close · connect closed — then count packets in the Ladder tab',
});
