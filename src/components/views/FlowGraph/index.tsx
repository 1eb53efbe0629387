/**
 * Every TCP connection and UDP flow of the session at once, as Wireshark's Statistics → Flow Graph draws them:
 * one column per client endpoint (`#1 127.0.0.1:54122`, `#2 127.0.0.1:54130` …) and one per lab server, time
 * flowing down, one arrow per segment or datagram between its connection's or flow's two columns, labelled as
 * the ladder labels it, with the session's number and the time since the session's origin on the left. A
 * student who connected three times sees the three side by side. It speaks of connections, flows or both, as it
 * draws them. Arrows are buttons that open the packet; all text is SVG `<text>` children.
 */

import clsx from 'clsx';
import { type ReactNode, useId } from 'react';
import type { FlowArrow, FlowColumn, FlowGraph as FlowGraphModel } from '../../../lab-client/ladder';
import { formatPacketTime } from '../../../lab-client/packet-format';
import { hasTcpFlag, type Packet, type TransportProtocol } from '../../../protocol';
import { useText } from '../../i18n/useText';
import part from '../../LabPanel/part.module.css';
import { useFollowBottom } from '../../LabPanel/use-follow-bottom';
// The arrows, lifelines and labels look as the ladder's do: its module styles them here too.
import ladder from '../../LadderDiagram/styles.module.css';
import { TEXT as LADDER, serverTitle } from '../../LadderDiagram/text';
import SvgButton from '../SvgButton';
import styles from './styles.module.css';
import { arrowText, graphKinds, KIND_TEXT, TEXT } from './text';

export interface FlowGraphProps {
  readonly graph: FlowGraphModel;
  readonly origin: number | undefined;
  readonly selectedId: number | undefined;
  readonly onOpen: (packet: Packet) => void;
  /**
   * The transports of the lab's servers, for what the graph says while it is empty and of the connections it
   * left out; without them it goes by what it draws.
   */
  readonly transports?: readonly TransportProtocol[] | undefined;
}

// Geometry, in SVG user units (CSS pixels; the SVG scrolls sideways when the columns do not fit).
const TIME_X = 6;
const TAG_X = 66;
const FIRST_X = 150;
const COLUMN = 150;
const HEADER = 50;
const TOP = HEADER + 22;
const ROW = 30;
const SLOPE = 8;

const columnX = (index: number): number => FIRST_X + index * COLUMN;
const rowY = (index: number): number => TOP + index * ROW;

export default function FlowGraph({ graph, origin, selectedId, onOpen, transports }: FlowGraphProps): ReactNode {
  const titleId = useId();
  const t = useText();
  const follow = useFollowBottom<HTMLDivElement>([graph.arrows[graph.arrows.length - 1]?.packet.id]);
  const kinds = graphKinds(graph, transports);
  if (graph.columns.length === 0) return <p className={ladder.empty}>{t(KIND_TEXT[kinds.lab].empty)}</p>;
  const { columns, arrows } = graph;
  const width = columnX(columns.length - 1) + COLUMN / 2 + 30;
  const height = TOP + arrows.length * ROW + 12;
  const connectionCount = columns.filter((column) => column.role === 'client').length;
  return (
    <div className={styles.flow}>
      {(graph.hiddenArrows > 0 || graph.hiddenConnections > 0) && (
        <p className={styles.note}>
          {graph.hiddenArrows > 0 && t(LADDER.hidden(arrows.length, arrows.length + graph.hiddenArrows))}{' '}
          {graph.hiddenConnections > 0 && t(KIND_TEXT[kinds.lab].hidden(graph.hiddenConnections))}
        </p>
      )}
      <div ref={follow.ref} className={clsx(part.well, ladder.scroller)} onScroll={follow.onScroll}>
        <svg
          className={styles.svg}
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          aria-labelledby={titleId}
          data-flow-connections={connectionCount}
        >
          <title id={titleId}>{t(KIND_TEXT[kinds.drawn].title(connectionCount))}</title>
          <text className={ladder.headTime} x={TIME_X} y={HEADER - 6}>
            {t(LADDER.time)}
          </text>
          {columns.map((column, index) => (
            <Column key={`${column.role}-${column.address}`} column={column} x={columnX(index)} bottom={height - 4} />
          ))}
          {arrows.map((arrow, index) => (
            <Arrow
              key={arrow.packet.id}
              arrow={arrow}
              y={rowY(index)}
              width={width}
              time={formatPacketTime(arrow.packet.time, origin)}
              selected={arrow.packet.id === selectedId}
              onOpen={onOpen}
            />
          ))}
        </svg>
      </div>
    </div>
  );
}

function Column({ column, x, bottom }: { readonly column: FlowColumn; readonly x: number; readonly bottom: number }) {
  const t = useText();
  const name = t(
    column.role === 'client' ? TEXT.client(String(column.connection ?? '?')) : serverTitle(column.serverId),
  );
  return (
    <g className={clsx(styles.column, column.role === 'server' && styles.serverColumn)}>
      <text className={styles.columnName} x={x} y={HEADER - 24} textAnchor="middle">
        {name}
      </text>
      <text className={ladder.endAddress} x={x} y={HEADER - 8} textAnchor="middle">
        {column.address}
      </text>
      <line className={clsx(ladder.lifeline, styles.lifeline)} x1={x} y1={HEADER} x2={x} y2={bottom} />
    </g>
  );
}

interface ArrowProps {
  readonly arrow: FlowArrow;
  readonly y: number;
  readonly width: number;
  readonly time: string;
  readonly selected: boolean;
  readonly onOpen: (packet: Packet) => void;
}

function Arrow({ arrow, y, width, time, selected, onOpen }: ArrowProps): ReactNode {
  const t = useText();
  const x1 = columnX(arrow.from);
  const x2 = columnX(arrow.to);
  const y2 = y + SLOPE;
  const toServer = arrow.from < arrow.to;
  const direction = toServer ? 1 : -1;
  const head = `${x2},${y2} ${x2 - 8 * direction},${y2 - 5} ${x2 - 8 * direction},${y2 + 3}`;
  const reset = hasTcpFlag(arrow.packet, 'RST');
  const bad = arrow.packet.expert.some((flag) => flag !== 'rst');
  return (
    <SvgButton
      className={clsx(
        ladder.arrow,
        toServer ? ladder.toServer : ladder.fromServer,
        reset && ladder.reset,
        bad && ladder.bad,
        selected && ladder.selected,
      )}
      label={t(arrowText(time, arrow))}
      pressed={selected}
      data={{ 'data-packet-id': arrow.packet.id, 'data-connection': arrow.connection }}
      onActivate={() => onOpen(arrow.packet)}
    >
      <rect className={ladder.band} x={TIME_X - 2} y={y - 16} width={width - TIME_X - 4} height={ROW - 2} rx={4} />
      <text className={ladder.time} x={TIME_X} y={y + 4}>
        {time}
      </text>
      <text className={clsx(ladder.time, styles.tag)} x={TAG_X} y={y + 4}>
        #{arrow.connection}
      </text>
      <line className={ladder.hit} x1={x1} y1={y} x2={x2} y2={y2} />
      <line className={ladder.shaft} x1={x1} y1={y} x2={x2 - 7 * direction} y2={y2} />
      <polygon className={ladder.head} points={head} />
      <text className={clsx(ladder.label, styles.label)} x={(x1 + x2) / 2} y={y - 3} textAnchor="middle">
        {arrow.label}
      </text>
    </SvgButton>
  );
}
