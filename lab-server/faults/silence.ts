/**
 * The silent peer, on demand: with the setting at 1, every packet to and from a lab server port is dropped in the
 * kernel, both ways, in the lab server's own table (the rules of packet loss at 100 %). To a client the server
 * has vanished as a board that lost power or a pulled cable vanishes: no FIN, no RST, its data and keepalive
 * probes unanswered, retransmitted until its timeout gives up. What keepalive and a watchdog are for. At 0 the
 * rules go and the connection carries on where it was, if the client has not given up on it meanwhile.
 */

import { portDropFault } from './packet-loss';

export const silenceFault = portDropFault((value) => (value === 0 ? 0 : 100));
