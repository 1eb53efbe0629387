/**
 * The session's timeline when packets are captured: three tabs over the same session, "Packets" (the
 * Wireshark-like list), "Ladder" (one TCP connection as a ladder diagram) and "Server timeline" (the socket
 * events of the lab's servers), a link that downloads the whole capture as pcapng for Wireshark, and the detail
 * of the packet the student opened from the list or the ladder. It owns which connection the ladder shows (the
 * newest, until the student picks one) and publishes the ladder's labels to the test hook.
 */

import clsx from 'clsx';
import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { buildLadder, latestConnection, tcpConnections } from '../../lab-client/ladder';
import { testHook } from '../../lab-client/test-hook';
import type { CaptureGap, CaptureStatus, Packet, ServerEvent, ServerInfo } from '../../protocol';
import EventLog from '../EventLog';
import LadderDiagram from '../LadderDiagram';
import PacketDetail from '../PacketDetail';
import PacketList from '../PacketList';
import styles from './styles.module.css';

type Tab = 'packets' | 'ladder' | 'events';

const TABS: readonly { readonly id: Tab; readonly label: string }[] = [
  { id: 'packets', label: 'Packets' },
  { id: 'ladder', label: 'Ladder' },
  { id: 'events', label: 'Server timeline' },
];

export interface PacketTimelineProps {
  readonly lab: string;
  readonly packets: readonly Packet[];
  readonly gaps: readonly CaptureGap[];
  readonly firstNumber: number;
  readonly timeOrigin: number | undefined;
  readonly servers: readonly ServerInfo[];
  readonly events: readonly ServerEvent[];
  readonly capture: CaptureStatus | undefined;
  /** Where the session's pcapng downloads from; undefined hides the link. */
  readonly downloadUrl: string | undefined;
}

interface Opened {
  readonly packet: Packet;
  readonly number: number;
}

export default function PacketTimeline({
  lab,
  packets,
  gaps,
  firstNumber,
  timeOrigin,
  servers,
  events,
  capture,
  downloadUrl,
}: PacketTimelineProps): ReactNode {
  const [tab, setTab] = useState<Tab>('packets');
  const [opened, setOpened] = useState<Opened>();
  const [chosenConnection, setChosenConnection] = useState<number>();
  const tabRefs = useRef(new Map<Tab, HTMLButtonElement>());
  const baseId = useId();

  const connections = useMemo(() => tcpConnections(packets, servers), [packets, servers]);
  const shownConnection =
    connections.find((connection) => connection.connection === chosenConnection) ?? latestConnection(connections);
  const ladder = useMemo(
    () => (shownConnection === undefined ? undefined : buildLadder(shownConnection)),
    [shownConnection],
  );

  useEffect(() => {
    const hook = testHook();
    if (hook === undefined) return;
    hook.ladder[lab] = ladder?.arrows.map((arrow) => arrow.label) ?? [];
  }, [lab, ladder]);

  useEffect(
    () => () => {
      const hook = testHook();
      if (hook !== undefined) delete hook.ladder[lab];
    },
    [lab],
  );

  const openFromList = useCallback((packet: Packet, number: number) => setOpened({ packet, number }), []);
  const close = useCallback(() => setOpened(undefined), []);
  const openFromLadder = useCallback(
    (packet: Packet) => {
      const index = packets.findIndex((p) => p.id === packet.id);
      setOpened({ packet, number: index === -1 ? 0 : firstNumber + index });
    },
    [packets, firstNumber],
  );

  const tablistOnKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = TABS.findIndex((t) => t.id === tab);
    let next: number | undefined;
    if (event.key === 'ArrowRight') next = (index + 1) % TABS.length;
    else if (event.key === 'ArrowLeft') next = (index + TABS.length - 1) % TABS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = TABS.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    const target = TABS[next]!.id;
    setTab(target);
    tabRefs.current.get(target)?.focus();
  };

  const emptyText =
    capture?.state === 'running'
      ? 'No packets yet: connect to a server (from the terminal above or your own program) and its packets appear here.'
      : 'No packets yet: waiting for the capture.';

  return (
    <section className={styles.timeline} aria-label="Timeline" data-tab={tab}>
      <div className={styles.bar}>
        <div className={styles.tabs} role="tablist" aria-label="Timeline views" onKeyDown={tablistOnKeyDown}>
          {TABS.map((t) => (
            <button
              key={t.id}
              ref={(element) => {
                if (element === null) tabRefs.current.delete(t.id);
                else tabRefs.current.set(t.id, element);
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls={`${baseId}-panel`}
              tabIndex={tab === t.id ? 0 : -1}
              className={clsx(styles.tab, tab === t.id && styles.tabActive)}
              onClick={() => setTab(t.id)}
            >
              {t.label}
              {t.id === 'packets' && packets.length > 0 && <span className={styles.count}>{packets.length}</span>}
            </button>
          ))}
        </div>
        {downloadUrl !== undefined && (
          <a className={styles.download} href={downloadUrl} download>
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M8 2v8M4.5 6.5L8 10l3.5-3.5M3 13h10" fill="none" stroke="currentColor" strokeWidth="1.6" />
            </svg>
            Download .pcapng
          </a>
        )}
      </div>
      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-tab-${tab}`} className={styles.panel}>
        {tab === 'packets' && (
          <PacketList
            packets={packets}
            gaps={gaps}
            firstNumber={firstNumber}
            timeOrigin={timeOrigin}
            selectedId={opened?.packet.id}
            onOpen={openFromList}
            onClose={close}
            emptyText={emptyText}
          />
        )}
        {tab === 'ladder' && (
          <LadderDiagram
            connections={connections}
            ladder={ladder}
            onConnectionChange={setChosenConnection}
            timeOrigin={timeOrigin}
            selectedId={opened?.packet.id}
            onOpen={openFromLadder}
          />
        )}
        {tab === 'events' && <EventLog events={events} showServer={servers.length > 1} showTitle={false} />}
        {tab !== 'events' && opened !== undefined && (
          <PacketDetail packet={opened.packet} number={opened.number} timeOrigin={timeOrigin} onClose={close} />
        )}
      </div>
    </section>
  );
}
