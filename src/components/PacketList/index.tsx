/**
 * The session's packets as a streaming, Wireshark-like table: No., Time (seconds since the first packet),
 * Source → Destination, Protocol, Length and Info, with expert flags tinted and badged and the capture's gap
 * markers where packets may be missing. It follows new packets unless the student has scrolled up, and renders
 * only the newest RENDER_STEP rows until asked for earlier ones, so 2000 packets stay smooth. Rows are one tab
 * stop (arrow keys move between them, Enter opens the packet), and everything a packet carries is rendered as
 * text: a payload of `<img src=x onerror=…>` shows as those characters.
 *
 * The table's rows are laid out as CSS grids, so that in a panel as narrow as a doc column the Info column can
 * move to a second line under each row; the elements stay table, row and cell elements for assistive technology.
 */

import clsx from 'clsx';
import { type KeyboardEvent, memo, type ReactNode, useCallback, useMemo, useRef, useState } from 'react';
import {
  formatPacketTime,
  packetDestination,
  packetProtocol,
  packetSource,
  payloadPreview,
  worstSeverity,
} from '../../lab-client/packet-format';
import { type TimelineRow, timelineRows } from '../../lab-client/timeline-rows';
import { type CaptureGap, hasTcpFlag, type Packet } from '../../protocol';
import ExpertBadges from '../ExpertBadges';
import part from '../LabPanel/part.module.css';
import { useFollowBottom } from '../LabPanel/use-follow-bottom';
import styles from './styles.module.css';

/** Rows rendered at first, and how many more each "show earlier" adds. */
const RENDER_STEP = 500;
/** From this many rows on, rows out of view skip layout (see `.dense` in the styles). */
const DENSE_ROWS = 150;

export interface PacketListProps {
  readonly packets: readonly Packet[];
  readonly gaps: readonly CaptureGap[];
  /** The "No." of `packets[0]`. */
  readonly firstNumber: number;
  readonly timeOrigin: number | undefined;
  readonly selectedId: number | undefined;
  readonly onOpen: (packet: Packet, number: number) => void;
  /** Escape in the list: close the open packet. */
  readonly onClose: () => void;
  /** What to say while there are no packets. */
  readonly emptyText: string;
}

export default function PacketList({
  packets,
  gaps,
  firstNumber,
  timeOrigin,
  selectedId,
  onOpen,
  onClose,
  emptyText,
}: PacketListProps): ReactNode {
  const [limit, setLimit] = useState(RENDER_STEP);
  const [activeId, setActiveId] = useState<number>();
  const bodyRef = useRef<HTMLTableSectionElement>(null);

  const rows = useMemo(() => timelineRows(packets, gaps, firstNumber), [packets, gaps, firstNumber]);
  const shown = rows.length > limit ? rows.slice(rows.length - limit) : rows;
  const hidden = rows.length - shown.length;
  const shownPackets = shown.filter((row) => row.kind === 'packet');
  // One row is the tab stop: the one last focused if it is still shown, else the open one, else the newest.
  const tabId =
    shownPackets.find((row) => row.packet.id === activeId)?.packet.id ??
    shownPackets.find((row) => row.packet.id === selectedId)?.packet.id ??
    shownPackets[shownPackets.length - 1]?.packet.id;

  // Follows new rows; "show earlier" adds rows above and keeps the view where it is.
  const follow = useFollowBottom<HTMLDivElement>([rows[rows.length - 1]?.key, limit]);
  const showEarlier = useCallback(() => {
    follow.keepPosition();
    setLimit((current) => current + RENDER_STEP);
  }, [follow]);

  const focusRow = (id: number): void => {
    setActiveId(id);
    const row = bodyRef.current?.querySelector<HTMLElement>(`[data-packet-id="${id}"]`);
    row?.focus();
  };

  const bodyOnKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>): void => {
    const current = (event.target as HTMLElement).closest<HTMLElement>('[data-packet-id]');
    if (current === null) return;
    const id = Number(current.dataset.packetId);
    const index = shownPackets.findIndex((row) => row.packet.id === id);
    if (index === -1) return;
    const move = (to: number): void => {
      event.preventDefault();
      const target = shownPackets[Math.max(0, Math.min(shownPackets.length - 1, to))];
      if (target !== undefined) focusRow(target.packet.id);
    };
    switch (event.key) {
      case 'ArrowDown':
        move(index + 1);
        return;
      case 'ArrowUp':
        move(index - 1);
        return;
      case 'PageDown':
        move(index + 10);
        return;
      case 'PageUp':
        move(index - 10);
        return;
      case 'Home':
        move(0);
        return;
      case 'End':
        move(shownPackets.length - 1);
        return;
      case 'Enter':
      case ' ': {
        event.preventDefault();
        const row = shownPackets[index]!;
        onOpen(row.packet, row.number);
        return;
      }
      case 'Escape':
        onClose();
        return;
    }
  };

  return (
    <div ref={follow.ref} className={clsx(part.well, styles.scroller)} onScroll={follow.onScroll}>
      <table className={clsx(styles.table, shown.length >= DENSE_ROWS && styles.dense)} aria-label="Captured packets">
        <thead className={styles.head}>
          <tr className={styles.headRow}>
            <th scope="col" className={clsx(styles.no, styles.numeric)}>
              No.
            </th>
            <th scope="col" className={clsx(styles.time, styles.numeric)}>
              Time
            </th>
            <th scope="col" className={styles.ends}>
              Source → Destination
            </th>
            <th scope="col" className={styles.protocol}>
              Protocol
            </th>
            <th scope="col" className={clsx(styles.length, styles.numeric)}>
              Length
            </th>
            <th scope="col" className={styles.info}>
              Info
            </th>
          </tr>
        </thead>
        <tbody ref={bodyRef} onKeyDown={bodyOnKeyDown}>
          {hidden > 0 && (
            <tr className={clsx(styles.wideRow, styles.earlierRow)}>
              <td colSpan={6}>
                <button type="button" className={styles.earlier} onClick={showEarlier}>
                  Show {Math.min(hidden, RENDER_STEP)} earlier {hidden === 1 ? 'row' : 'rows'} ({hidden} not shown)
                </button>
              </td>
            </tr>
          )}
          {rows.length === 0 && (
            <tr className={styles.wideRow}>
              <td colSpan={6} className={styles.empty}>
                {emptyText}
              </td>
            </tr>
          )}
          {shown.map((row) =>
            row.kind === 'gap' ? (
              <GapRow key={row.key} row={row} />
            ) : (
              <PacketRow
                key={row.key}
                packet={row.packet}
                number={row.number}
                timeOrigin={timeOrigin}
                selected={row.packet.id === selectedId}
                tabbable={row.packet.id === tabId}
                onOpen={onOpen}
                onFocusRow={setActiveId}
              />
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

interface PacketRowProps {
  readonly packet: Packet;
  readonly number: number;
  readonly timeOrigin: number | undefined;
  readonly selected: boolean;
  readonly tabbable: boolean;
  readonly onOpen: (packet: Packet, number: number) => void;
  readonly onFocusRow: (id: number) => void;
}

/** One packet. Memoised: a new packet at the bottom must not re-render the 500 rows above it. */
const PacketRow = memo(function PacketRow({
  packet,
  number,
  timeOrigin,
  selected,
  tabbable,
  onOpen,
  onFocusRow,
}: PacketRowProps): ReactNode {
  const severity = worstSeverity(packet.expert);
  const synFin = hasTcpFlag(packet, 'SYN') || hasTcpFlag(packet, 'FIN');
  const source = packetSource(packet);
  const destination = packetDestination(packet);
  const preview = payloadPreview(packet);
  return (
    <tr
      className={clsx(
        styles.row,
        severity !== undefined && styles[severity],
        severity === undefined && synFin && styles.synFin,
        selected && styles.selected,
      )}
      data-packet-id={packet.id}
      tabIndex={tabbable ? 0 : -1}
      aria-current={selected ? 'true' : undefined}
      onClick={() => onOpen(packet, number)}
      onFocus={() => onFocusRow(packet.id)}
    >
      <td className={clsx(styles.no, styles.numeric)}>{number}</td>
      <td className={clsx(styles.time, styles.numeric)}>{formatPacketTime(packet.time, timeOrigin)}</td>
      <td className={styles.ends} title={`${source} → ${destination}`}>
        {source} → {destination}
      </td>
      <td className={styles.protocol}>{packetProtocol(packet)}</td>
      <td className={clsx(styles.length, styles.numeric)}>{packet.length}</td>
      <td className={styles.info} title={packet.info}>
        <ExpertBadges expert={packet.expert} />
        {packet.info}
        {preview !== undefined && <span className={styles.preview}> {preview}</span>}
      </td>
    </tr>
  );
});

function GapRow({ row }: { readonly row: Extract<TimelineRow, { kind: 'gap' }> }): ReactNode {
  return (
    <tr className={clsx(styles.wideRow, styles.gapRow)} data-gap-after={row.gap.after}>
      <td colSpan={6}>
        <span className={styles.gapMark} aria-hidden="true">
          ⋯
        </span>{' '}
        Packets may be missing here: {row.gap.reason}
      </td>
    </tr>
  );
}
