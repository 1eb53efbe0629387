/**
 * Lab `tcp-echo`, embedded in the lesson "Your first TCP connection": one TCP echo server per student and the
 * four checks of a complete exchange.
 */

import { defineLab } from '../../lab-server/labs/lab-definition';
import { checks } from './checks';

export default defineLab({
  id: 'tcp-echo',
  title: 'Your first TCP connection',
  servers: [{ id: 'echo', kind: 'tcp-echo', title: 'TCP echo server' }],
  checks,
  greeting: 'Try: connect echo · send Hello,world! · recv · close   (help lists every command)',
});
