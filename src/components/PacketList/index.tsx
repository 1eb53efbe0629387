/**
 * The session's packets as a streaming, Wireshark-like table: No., Time (seconds since the session's time
 * origin), Source → Destination, Protocol, Length and Info, with expert flags tinted and badged and the capture's
 * gap markers where packets may be missing; above it, Wireshark's display filter box, which narrows the rows to
 * the packets a filter keeps and says "n of m packets". It follows new packets unless the student has scrolled
 * up, and renders only the newest RENDER_STEP rows until asked for earlier ones, so 2000 packets stay smooth.
 * Rows are one tab stop (arrow keys move between them, Enter opens the packet, the context-menu key or a
 * right-click opens Follow TCP Stream and "filter on this connection"), and everything a packet carries is
 * rendered as text: a payload of `<img src=x onerror=…>` shows as those characters.
 *
 * The table's rows are laid out as CSS grids, so that in a panel as narrow as a doc column the Info column can
 * move to a second line under each row; the elements stay table, row and cell elements for assistive technology.
 */

import clsx from 'clsx';
import {
  type KeyboardEvent,
  type MouseEvent,
  memo,
  type ReactNode,
  useCallback,
  useMemo,
  useRef,
  useState,
} from 'react';
import { parseDisplayFilter } from '../../lab-client/display-filter';
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
import { useText } from '../i18n/useText';
import part from '../LabPanel/part.module.css';
import { useFollowBottom } from '../LabPanel/use-follow-bottom';
import DisplayFilterBox from '../views/DisplayFilterBox';
import PacketMenu, { type PacketMenuItem } from '../views/PacketMenu';
import styles from './styles.module.css';
import { TEXT } from './text';

/** Rows rendered at first, and how many more each "show earlier" adds. */
const RENDER_STEP = 500;
/** From this many rows on, rows out of view skip layout (see `.dense` in the styles). */
const DENSE_ROWS = 150;

export interface PacketListProps {
  readonly packets: readonly Packet[];
  readonly gaps: readonly CaptureGap[];
  /** The "No." of `packets[0]`. */
  readonly firstNumber: number;
  /** The session's time origin (epoch seconds). */
  readonly origin: number | undefined;
  readonly selectedId: number | undefined;
  readonly onOpen: (packet: Packet, number: number) => void;
  /** Escape in the list: close the open packet. */
  readonly onClose: () => void;
  /** What to say while there are no packets. */
  readonly emptyText: string;
  /** The display filter applied (empty for none), and how to apply another. */
  readonly filter: string;
  readonly onFilterChange: (text: string) => void;
  /** Follow TCP Stream of the packet's connection. */
  /** Follow TCP Stream of a packet's connection; absent where the lab shows no stream view. */
  readonly onFollow?: ((packet: Packet) => void) | undefined;
}

interface OpenMenu {
  readonly packet: Packet;
  readonly number: number;
  readonly x: number;
  readonly y: number;
}

export default function PacketList({
  packets,
  gaps,
  firstNumber,
  origin,
  selectedId,
  onOpen,
  onClose,
  emptyText,
  filter,
  onFilterChange,
  onFollow,
}: PacketListProps): ReactNode {
  const [limit, setLimit] = useState(RENDER_STEP);
  const [activeId, setActiveId] = useState<number>();
  const [menu, setMenu] = useState<OpenMenu>();
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const t = useText();

  const allRows = useMemo(() => timelineRows(packets, gaps, firstNumber), [packets, gaps, firstNumber]);
  // Only a filter that reads is ever applied (the box refuses the others), but a stored one is checked again.
  const compiled = useMemo(() => {
    const result = parseDisplayFilter(filter);
    return result.ok && result.filter.active ? result.filter : undefined;
  }, [filter]);
  const rows = useMemo(
    () =>
      compiled === undefined
        ? allRows
        : allRows.filter((row) => row.kind === 'gap' || compiled.test(row.packet, { number: row.number })),
    [allRows, compiled],
  );
  const count = useMemo(
    () =>
      compiled === undefined
        ? undefined
        : { shown: rows.filter((row) => row.kind === 'packet').length, total: packets.length },
    [compiled, rows, packets.length],
  );
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
      case 'ContextMenu':
      case 'F10': {
        if (event.key === 'F10' && !event.shiftKey) return;
        event.preventDefault();
        const row = shownPackets[index]!;
        const box = current.getBoundingClientRect();
        setMenu({ packet: row.packet, number: row.number, x: box.left + 24, y: box.bottom });
        return;
      }
    }
  };

  const openMenu = useCallback((packet: Packet, number: number, event: MouseEvent) => {
    event.preventDefault();
    setMenu({ packet, number, x: event.clientX, y: event.clientY });
  }, []);
  const closeMenu = useCallback(() => {
    setMenu((open) => {
      if (open !== undefined)
        bodyRef.current?.querySelector<HTMLElement>(`[data-packet-id="${open.packet.id}"]`)?.focus();
      return undefined;
    });
  }, []);
  const menuItems = (open: OpenMenu): PacketMenuItem[] => {
    const { packet, number } = open;
    const items: PacketMenuItem[] = [];
    if (packet.tcp !== undefined) {
      const connection = packet.tcp.connection;
      if (onFollow !== undefined) items.push({ label: t(TEXT.follow(connection)), onSelect: () => onFollow(packet) });
      items.push({
        label: t(TEXT.filterConnection(connection)),
        onSelect: () => onFilterChange(`tcp.stream == ${connection}`),
      });
    } else {
      const port = Math.min(packet.srcPort, packet.dstPort);
      items.push({ label: t(TEXT.filterPort(port)), onSelect: () => onFilterChange(`udp.port == ${port}`) });
    }
    items.push({ label: t(TEXT.open), onSelect: () => onOpen(packet, number) });
    return items;
  };

  return (
    <div className={styles.list}>
      <DisplayFilterBox applied={filter} onApply={onFilterChange} count={count} />
      <div ref={follow.ref} className={clsx(part.well, styles.scroller)} onScroll={follow.onScroll}>
        <table className={clsx(styles.table, shown.length >= DENSE_ROWS && styles.dense)} aria-label={t(TEXT.table)}>
          <thead className={styles.head}>
            <tr className={styles.headRow}>
              <th scope="col" className={clsx(styles.no, styles.numeric)}>
                {t(TEXT.no)}
              </th>
              <th scope="col" className={clsx(styles.time, styles.numeric)}>
                {t(TEXT.time)}
              </th>
              <th scope="col" className={styles.ends}>
                {t(TEXT.ends)}
              </th>
              <th scope="col" className={styles.protocol}>
                {t(TEXT.protocol)}
              </th>
              <th scope="col" className={clsx(styles.length, styles.numeric)}>
                {t(TEXT.length)}
              </th>
              <th scope="col" className={styles.info}>
                {t(TEXT.info)}
              </th>
            </tr>
          </thead>
          <tbody ref={bodyRef} onKeyDown={bodyOnKeyDown}>
            {hidden > 0 && (
              <tr className={clsx(styles.wideRow, styles.earlierRow)}>
                <td colSpan={6}>
                  <button type="button" className={styles.earlier} onClick={showEarlier}>
                    {t(TEXT.earlier(RENDER_STEP, hidden))}
                  </button>
                </td>
              </tr>
            )}
            {rows.length === 0 && (
              <tr className={styles.wideRow}>
                <td colSpan={6} className={styles.empty}>
                  {allRows.length > 0 ? t(TEXT.noMatch) : emptyText}
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
                  origin={origin}
                  selected={row.packet.id === selectedId}
                  tabbable={row.packet.id === tabId}
                  onOpen={onOpen}
                  onFocusRow={setActiveId}
                  onMenu={openMenu}
                />
              ),
            )}
          </tbody>
        </table>
      </div>
      {menu !== undefined && (
        <PacketMenu
          x={menu.x}
          y={menu.y}
          label={t(TEXT.menu(menu.number))}
          items={menuItems(menu)}
          onClose={closeMenu}
        />
      )}
    </div>
  );
}

interface PacketRowProps {
  readonly packet: Packet;
  readonly number: number;
  readonly origin: number | undefined;
  readonly selected: boolean;
  readonly tabbable: boolean;
  readonly onOpen: (packet: Packet, number: number) => void;
  readonly onFocusRow: (id: number) => void;
  readonly onMenu: (packet: Packet, number: number, event: MouseEvent) => void;
}

/** One packet. Memoised: a new packet at the bottom must not re-render the 500 rows above it. */
const PacketRow = memo(function PacketRow({
  packet,
  number,
  origin,
  selected,
  tabbable,
  onOpen,
  onFocusRow,
  onMenu,
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
      onContextMenu={(event) => onMenu(packet, number, event)}
      onFocus={() => onFocusRow(packet.id)}
      data-connection={packet.tcp?.connection}
    >
      <td className={clsx(styles.no, styles.numeric)}>{number}</td>
      <td className={clsx(styles.time, styles.numeric)}>{formatPacketTime(packet.time, origin)}</td>
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
  const t = useText();
  return (
    <tr className={clsx(styles.wideRow, styles.gapRow)} data-gap-after={row.gap.after}>
      <td colSpan={6}>
        <span className={styles.gapMark} aria-hidden="true">
          ⋯
        </span>{' '}
        {t(TEXT.gap(row.gap.reason))}
      </td>
    </tr>
  );
}
