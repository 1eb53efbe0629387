/**
 * A TCP connection as a ladder (sequence) diagram, the way textbooks draw RFC 9293 §3.5: the client's lifeline
 * on the left, the lab server's on the right, time flowing down, one slightly falling arrow per segment labelled
 * `SYN seq=0`, `SYN,ACK seq=0 ack=1`, `PSH,ACK seq=1 ack=1 len=12`…, the phases bracketed on the right (three-way
 * handshake, data, teardown or reset), and each segment's time since the first packet on the left. A UDP flow
 * is drawn the same way, one arrow per datagram (`UDP Len=12 "Hello,world!"`), and where the brackets would be
 * it says that UDP has no handshake and no teardown. Arrows are buttons that open the packet. Labels are SVG
 * `<text>` children, so React writes them as text; colours come from CSS variables that have a light and a dark
 * value. A switch above it shows the flow graph instead: every connection and flow of the session at once
 * (`views/FlowGraph`).
 */

import clsx from 'clsx';
import { type ReactNode, useId } from 'react';
import {
  type FlowGraph as FlowGraphModel,
  type Ladder,
  type LadderConnection,
  PHASE_LABELS,
} from '../../lab-client/ladder';
import { expertBadges, formatPacketTime } from '../../lab-client/packet-format';
import { hasTcpFlag, type Packet, type TransportProtocol } from '../../protocol';
import { useText } from '../i18n/useText';
import part from '../LabPanel/part.module.css';
import { useFollowBottom } from '../LabPanel/use-follow-bottom';
import ConnectionPicker from '../views/ConnectionPicker';
import FlowGraph from '../views/FlowGraph';
import SvgButton from '../views/SvgButton';
import Toggle from '../views/Toggle';
import styles from './styles.module.css';
import { KIND_TEXT, ladderKinds, serverTitle, TEXT } from './text';

export type LadderView = 'ladder' | 'flow';

export interface LadderDiagramProps {
  /** The session's TCP connections and UDP flows, for the picker. */
  readonly connections: readonly LadderConnection[];
  /** The ladder of the connection or flow shown; undefined while there is none. */
  readonly ladder: Ladder | undefined;
  /** The transports of the lab's servers: whether the diagram speaks of connections, flows, or both. */
  readonly transports: readonly TransportProtocol[];
  /** Every connection at once, for the flow graph. */
  readonly flow: FlowGraphModel;
  readonly view: LadderView;
  readonly onViewChange: (view: LadderView) => void;
  readonly onConnectionChange: (connection: number) => void;
  /** The session's time origin (epoch seconds). */
  readonly origin: number | undefined;
  readonly selectedId: number | undefined;
  readonly onOpen: (packet: Packet) => void;
}

// Geometry, in SVG user units (= CSS pixels: the SVG is drawn at its natural size and scrolls when narrow).
const WIDTH = 660;
const TIME_X = 6;
const CLIENT_X = 122;
const SERVER_X = 486;
const BRACKET_X = 504;
const PHASE_TEXT_X = 514;
const HEADER = 50;
const TOP = HEADER + 22;
const ROW = 36;
/** How far an arrow falls from start to end: time passes while a segment travels. */
const SLOPE = 10;
const ANGLE = (Math.atan2(SLOPE, SERVER_X - CLIENT_X) * 180) / Math.PI;

export default function LadderDiagram(props: LadderDiagramProps): ReactNode {
  const { ladder, view, onViewChange } = props;
  const t = useText();
  const words = KIND_TEXT[ladderKinds(props.transports)];
  if (ladder === undefined) return <p className={styles.empty}>{t(words.empty)}</p>;
  return (
    <div className={styles.ladder}>
      <div className={styles.views}>
        <Toggle
          label={t(TEXT.views)}
          options={[
            { value: 'ladder', label: t(words.ladder) },
            { value: 'flow', label: t(words.flow) },
          ]}
          value={view}
          onChange={onViewChange}
        />
      </div>
      {view === 'flow' ? (
        <FlowGraph
          graph={props.flow}
          origin={props.origin}
          selectedId={props.selectedId}
          onOpen={props.onOpen}
          transports={props.transports}
        />
      ) : (
        <OneConnection {...props} ladder={ladder} />
      )}
    </div>
  );
}

function OneConnection({
  connections,
  ladder,
  onConnectionChange,
  origin,
  selectedId,
  onOpen,
}: LadderDiagramProps & { readonly ladder: Ladder }): ReactNode {
  const titleId = useId();
  const t = useText();
  // Like the packet list: follow the newest segment unless the student scrolled up to read.
  const follow = useFollowBottom<HTMLDivElement>([
    ladder.arrows[ladder.arrows.length - 1]?.packet.id,
    ladder.connection.connection,
  ]);
  const { connection, arrows, phases, hidden } = ladder;
  const height = TOP + arrows.length * ROW + 12;
  const serverName = t(serverTitle(connection.serverId));
  const udp = connection.transport === 'udp';
  const title = udp ? TEXT.udpTitle : TEXT.title;
  return (
    <>
      <div className={styles.toolbar}>
        <ConnectionPicker connections={connections} shown={connection} onChange={onConnectionChange} />
        {hidden > 0 && <span className={styles.hidden}>{t(TEXT.hidden(arrows.length, arrows.length + hidden))}</span>}
      </div>
      <div ref={follow.ref} className={clsx(part.well, styles.scroller)} onScroll={follow.onScroll}>
        <svg
          className={styles.svg}
          width={WIDTH}
          height={height}
          viewBox={`0 0 ${WIDTH} ${height}`}
          aria-labelledby={titleId}
          data-ladder-connection={connection.connection}
          data-ladder-transport={connection.transport}
        >
          <title id={titleId}>{t(title(connection.connection, connection.client, connection.server))}</title>
          <text className={styles.headTime} x={TIME_X} y={HEADER - 6}>
            {t(TEXT.time)}
          </text>
          <End x={CLIENT_X} name={t(TEXT.client)} address={connection.client} />
          <End x={SERVER_X} name={serverName} address={connection.server} />
          <line className={styles.lifeline} x1={CLIENT_X} y1={HEADER} x2={CLIENT_X} y2={height - 4} />
          <line className={styles.lifeline} x1={SERVER_X} y1={HEADER} x2={SERVER_X} y2={height - 4} />
          {phases.map((phase) => {
            const y1 = arrowY(phase.first) - 12;
            const y2 = arrowY(phase.last) + SLOPE + 6;
            return (
              <g key={`${phase.kind}-${phase.first}`} className={clsx(styles.phase, styles[phase.kind])}>
                <path
                  d={
                    phase.continued === true
                      ? `M${BRACKET_X} ${y1} V${y2} H${BRACKET_X - 6}`
                      : `M${BRACKET_X - 6} ${y1} H${BRACKET_X} V${y2} H${BRACKET_X - 6}`
                  }
                />
                <text x={PHASE_TEXT_X} y={(y1 + y2) / 2 + 4}>
                  {t(PHASE_LABELS[phase.kind])}
                </text>
              </g>
            );
          })}
          {udp && (
            // RFC 768: nothing is set up before the first datagram and nothing torn down after the last.
            <g className={styles.phase} data-ladder-no-phases>
              <text x={PHASE_TEXT_X} y={arrowY(0)}>
                <tspan x={PHASE_TEXT_X}>{t(TEXT.noHandshake)}</tspan>
                <tspan x={PHASE_TEXT_X} dy={15}>
                  {t(TEXT.noTeardown)}
                </tspan>
              </text>
            </g>
          )}
          {arrows.map((arrow, index) => (
            <Arrow
              key={arrow.packet.id}
              index={index}
              packet={arrow.packet}
              label={arrow.label}
              toServer={arrow.direction === 'to-server'}
              time={formatPacketTime(arrow.packet.time, origin)}
              selected={arrow.packet.id === selectedId}
              onOpen={onOpen}
            />
          ))}
        </svg>
      </div>
    </>
  );
}

function arrowY(index: number): number {
  return TOP + index * ROW;
}

function End({ x, name, address }: { readonly x: number; readonly name: string; readonly address: string }) {
  return (
    <g className={styles.end}>
      <text className={styles.endName} x={x} y={HEADER - 24} textAnchor="middle">
        {name}
      </text>
      <text className={styles.endAddress} x={x} y={HEADER - 8} textAnchor="middle">
        {address}
      </text>
    </g>
  );
}

interface ArrowProps {
  readonly index: number;
  readonly packet: Packet;
  readonly label: string;
  readonly toServer: boolean;
  readonly time: string;
  readonly selected: boolean;
  readonly onOpen: (packet: Packet) => void;
}

function Arrow({ index, packet, label, toServer, time, selected, onOpen }: ArrowProps): ReactNode {
  const t = useText();
  const y = arrowY(index);
  const [x1, x2] = toServer ? [CLIENT_X, SERVER_X] : [SERVER_X, CLIENT_X];
  const y2 = y + SLOPE;
  const midX = (x1 + x2) / 2;
  const midY = y + SLOPE / 2;
  // Pointing along the arrow: the head's two back corners, 9 units back and 4.5 to each side.
  const length = Math.hypot(x2 - x1, SLOPE);
  const ux = (x2 - x1) / length;
  const uy = SLOPE / length;
  const head = [
    [x2, y2],
    [x2 - 9 * ux - 4.5 * uy, y2 - 9 * uy + 4.5 * ux],
    [x2 - 9 * ux + 4.5 * uy, y2 - 9 * uy - 4.5 * ux],
  ]
    .map(([px, py]) => `${px!.toFixed(1)},${py!.toFixed(1)}`)
    .join(' ');
  const badges = expertBadges(packet.expert.filter((flag) => flag !== 'rst'));
  const reset = hasTcpFlag(packet, 'RST');
  const bad = badges.some((badge) => badge.severity === 'bad');
  const flagged = bad || reset ? 'bad' : 'note';
  const direction = toServer ? TEXT.toServer : TEXT.fromServer;
  return (
    <SvgButton
      className={clsx(
        styles.arrow,
        toServer ? styles.toServer : styles.fromServer,
        reset && styles.reset,
        bad && styles.bad,
        selected && styles.selected,
      )}
      label={[TEXT.arrow(time, direction, label), ...badges.map((badge) => TEXT.badge(badge.label))].map(t).join('')}
      pressed={selected}
      data={{ 'data-packet-id': packet.id, 'data-label': label }}
      onActivate={() => onOpen(packet)}
    >
      <rect className={styles.band} x={TIME_X - 2} y={y - 18} width={SERVER_X - TIME_X + 12} height={ROW - 2} rx={4} />
      <text className={styles.time} x={TIME_X} y={y + 4}>
        {time}
      </text>
      <line className={styles.hit} x1={x1} y1={y} x2={x2} y2={y2} />
      <line className={styles.shaft} x1={x1} y1={y} x2={x2 - 8 * ux} y2={y2 - 8 * uy} />
      <polygon className={styles.head} points={head} />
      <text
        className={styles.label}
        x={midX}
        y={midY - 6}
        textAnchor="middle"
        transform={`rotate(${toServer ? ANGLE : -ANGLE} ${midX} ${midY})`}
      >
        {label}
      </text>
      {badges.length > 0 && (
        <text
          className={clsx(styles.expert, flagged === 'bad' ? styles.expertBad : styles.expertNote)}
          x={midX}
          y={midY + 13}
          textAnchor="middle"
          transform={`rotate(${toServer ? ANGLE : -ANGLE} ${midX} ${midY})`}
        >
          {badges.map((badge) => badge.label).join(', ')}
        </text>
      )}
    </SvgButton>
  );
}
