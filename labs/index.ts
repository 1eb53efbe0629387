/**
 * Every lab of the course. A lab is one folder (its `lab.ts` manifest, its checks, a reference solution and
 * the tests that run both); this list is how the lab server finds them. `labs/common/` holds the capture
 * analysis the packet-reading labs share, and `labs/testing/` the packet builder their tests use.
 */

import type { LabDefinition } from '../src/lab-kit';
import mutualTls from './mutual-tls/lab';
import networkAssistant from './network-assistant/lab';
import tcpEcho from './tcp-echo/lab';
import tcpFlowControl from './tcp-flow-control/lab';
import tcpHandshake from './tcp-handshake/lab';
import tcpKeepalive from './tcp-keepalive/lab';
import tcpReconnect from './tcp-reconnect/lab';
import tcpReliability from './tcp-reliability/lab';
import tcpTeardown from './tcp-teardown/lab';
import tlsChain from './tls-chain/lab';
import tls12Handshake from './tls12-handshake/lab';
import tls13Handshake from './tls13-handshake/lab';
import udpEcho from './udp-echo/lab';
import x509Certificates from './x509-certificates/lab';

/** In the course's reading order, as the sidebar has their lessons. */
export const LABS: readonly LabDefinition[] = [
  tcpEcho,
  tcpHandshake,
  tcpTeardown,
  tcpReliability,
  tcpFlowControl,
  tcpKeepalive,
  tcpReconnect,
  udpEcho,
  x509Certificates,
  tlsChain,
  tls12Handshake,
  tls13Handshake,
  mutualTls,
  networkAssistant,
];
