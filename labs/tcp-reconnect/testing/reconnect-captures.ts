/**
 * Hand-built captures of a reconnecting client for the tests of lab `tcp-reconnect`: one client's life on one
 * clock (connections online with heartbeats, refused attempts, SYNs and heartbeats into silence), built through
 * the capture's own packet builder, and the reference run the solution makes.
 */

import type { Packet } from '../../../src/protocol';
import { ACK, CaptureBuilder, type ConnectionBuilder, ECHO_PORT, PSH } from '../../testing/packets';

const PING = 'ping\n';

/** A capture of one client's life, built step by step on one clock. */
export class Run {
  readonly capture = new CaptureBuilder();
  #port = 41000;

  /** A connection that completes its handshake and exchanges `beats` heartbeats, one a second. */
  online(beats = 2): ConnectionBuilder {
    const connection = this.capture.connection({ clientPort: this.#port++, serverPort: ECHO_PORT }).handshake();
    for (let beat = 0; beat < beats; beat++) {
      if (beat > 0) this.capture.wait(1000);
      connection.echo(PING);
    }
    return connection;
  }

  /** A SYN answered with RST, ACK: nothing listens on the port. */
  refused(): void {
    const connection = this.capture.connection({ clientPort: this.#port++, serverPort: ECHO_PORT });
    connection.syn();
    connection.refuse();
  }

  /** A SYN that nothing answers, sent again after a second, as a kernel does. */
  unanswered(): ConnectionBuilder {
    const connection = this.capture.connection({ clientPort: this.#port++, serverPort: ECHO_PORT });
    const syn = connection.syn();
    this.capture.wait(1000);
    connection.segment({ from: 'client', flags: syn.tcp!.flags, seqRaw: syn.tcp!.seqRaw, mss: 65495 });
    return connection;
  }

  /** A heartbeat into the silence, and its retransmissions at the given delays (ms); nothing answers. */
  unansweredBeat(connection: ConnectionBuilder, retransmitAfter: readonly number[]): Packet {
    const sent = connection.data('client', PING);
    for (const delay of retransmitAfter) {
      this.capture.wait(delay);
      connection.segment({ from: 'client', flags: PSH | ACK, payload: PING, seqRaw: sent.tcp!.seqRaw });
    }
    return sent;
  }

  wait(ms: number): this {
    this.capture.wait(ms);
    return this;
  }

  get packets(): readonly Packet[] {
    return this.capture.packets;
  }
}

/** What the reference solution does, as the capture shows it. */
export function referenceRun(): Run {
  const run = new Run();
  const first = run.online();
  // The restart: the server's FIN, then three refused attempts 1, 2 and 4 s apart, then online again.
  first.fin('server');
  first.fin('client');
  run.wait(500).refused();
  run.wait(1000).refused();
  run.wait(2000).refused();
  run.wait(4000);
  const back = run.online(3);
  // The silence: a heartbeat goes unanswered, retransmitted; after 2 s the watchdog tries a new connection.
  run.wait(1000);
  run.unansweredBeat(back, [200, 400, 800]);
  run.wait(1100).unanswered();
  return run;
}
