/**
 * What a view of the session is to the lab panel: a tab with a label, and what it draws from the session's shared
 * state. The timeline (`PacketTimeline`) owns that state — the packets, the connections and flows, the packet
 * the student opened, the display filter, which connection or flow the ladder shows and which connection the
 * stream shows — so that views can send the student to one another (Follow TCP Stream from a packet, a ladder
 * arrow opening its packet's detail) and tell one story. A view reads the context and renders; it keeps nothing
 * of its own that another view needs.
 */

import type { ReactNode } from 'react';
import type { Localized } from '../../../common/localized';
import type { FlowGraph, Ladder, LadderConnection } from '../../../lab-client/ladder';
import type { TimeOrigin } from '../../../lab-client/time-origin';
import type { CertificateInspection, InspectRequest } from '../../../lab-client/tls-state';
import type {
  CaptureGap,
  CaptureStatus,
  Packet,
  ServerEvent,
  ServerInfo,
  TlsHandshake,
  ViewId,
} from '../../../protocol';
import type { LadderView } from '../../LadderDiagram';

export interface OpenedPacket {
  readonly packet: Packet;
  /** Its number in the packet list, as Wireshark numbers frames. */
  readonly number: number;
}

/** What the page holds of the session, as every view of it sees it. */
export interface SessionRecord {
  readonly lab: string;
  readonly packets: readonly Packet[];
  readonly gaps: readonly CaptureGap[];
  /** The number of the first packet kept, so numbers stay those of the whole session. */
  readonly firstNumber: number;
  /** The session's time origin, which every view counts from. */
  readonly timeOrigin: TimeOrigin;
  readonly servers: readonly ServerInfo[];
  readonly events: readonly ServerEvent[];
  /** The TLS handshakes of the session's connections, read from the capture with the session's keys. */
  readonly handshakes: readonly TlsHandshake[];
  /** The certificate the student pasted into the certificate viewer, and the lab server's report on it. */
  readonly inspection: CertificateInspection;
}

export interface ViewContext extends SessionRecord {
  /** The session's TCP connections, from its packets: what Follow stream can reassemble. */
  readonly connections: readonly LadderConnection[];
  /**
   * The session's TCP connections and UDP flows together, ordered by their first packet: what the ladder's
   * picker offers and the flow graph draws. A flow is numbered as the server timeline numbers it.
   */
  readonly ladderConnections: readonly LadderConnection[];
  /** What the packet list says while it is empty. */
  readonly emptyText: string;
  readonly opened: OpenedPacket | undefined;
  open(packet: Packet, number?: number): void;
  closePacket(): void;
  /** Shows `packet`'s connection reassembled, in the stream view; absent when the lab has no stream view. */
  readonly follow: ((packet: Packet) => void) | undefined;
  readonly filter: string;
  changeFilter(text: string): void;
  /**
   * The connection or flow the ladder shows (the newest, until the student picks one; the choice outlives a
   * switch of tabs), drawn, and all of `ladderConnections` as a flow graph.
   */
  readonly ladder: Ladder | undefined;
  readonly flow: FlowGraph;
  chooseLadderConnection(connection: number): void;
  readonly ladderView: LadderView;
  changeLadderView(view: LadderView): void;
  /** The connection the stream view shows. */
  readonly streamConnection: LadderConnection | undefined;
  chooseStreamConnection(connection: number): void;
  /** The capture's state: why there are no handshakes, when it is off. */
  readonly capture: CaptureStatus | undefined;
  /**
   * The TLS connection the handshake view and the certificate viewer show (the newest, until the student picks
   * one; one choice for both, so the viewer shows the certificates of the handshake just read).
   */
  readonly handshake: TlsHandshake | undefined;
  chooseHandshake(key: string): void;
  /** Sends a pasted certificate for a report; undefined while the session is not live. */
  readonly inspectCertificate: ((request: InspectRequest) => void) | undefined;
}

export interface SessionView {
  readonly id: ViewId;
  readonly label: Localized;
  /** A count beside the label (the packet list's length), or none. */
  badge?(context: ViewContext): number | undefined;
  render(context: ViewContext): ReactNode;
  /** Whether the opened packet's detail shows under this view (the list's and the ladder's). */
  readonly showsPacketDetail: boolean;
}
