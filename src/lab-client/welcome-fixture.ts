/**
 * A `welcome` message for tests of the lab connection and the panel state: session `S1` of the `tcp-echo` lab
 * with a running capture and nothing else, so each test names only what it is about. Tests only; the site never
 * imports it.
 */

import { PROTOCOL_VERSION, type WelcomeMessage } from '../protocol';

export function welcomeMessage(overrides: Partial<WelcomeMessage> = {}): WelcomeMessage {
  return {
    type: 'welcome',
    protocol: PROTOCOL_VERSION,
    session: 'S1',
    token: 'T1',
    resumed: false,
    lab: { id: 'tcp-echo', title: 'TCP echo', views: ['packets', 'ladder', 'stream', 'events'] },
    servers: [],
    checks: [],
    events: [],
    questions: [],
    faults: [],
    capture: { state: 'running', reason: '' },
    packets: [],
    clock: { startedAt: 1_760_000_000 },
    pcapng: '/api/sessions/S1/capture.pcapng?token=D1',
    handshakes: [],
    ...overrides,
  };
}
