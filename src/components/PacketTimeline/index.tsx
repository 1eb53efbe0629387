/**
 * The session's timeline when packets are captured: four tabs over the same session, "Packets" (the
 * Wireshark-like list with its display filter), "Ladder" (one TCP connection as a ladder diagram, or all of
 * them as a flow graph), "Follow stream" (one connection's bytes reassembled) and "Server timeline" (the socket
 * events of the lab's servers), a link that downloads the whole capture as pcapng for Wireshark, and the detail
 * of the packet the student opened from the list or the ladder. Every view tells one story: the connection
 * numbers are the session's (#1, #2 … in the list, the ladder, the stream and the server timeline alike), and
 * times count from one origin, which the header names. It owns which connection the ladder and the stream show
 * (the newest, until the student picks one), the display filter (kept per lab for the tab's life), and
 * publishes the ladder's labels to the test hook.
 */

import clsx from 'clsx';
import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Localized } from '../../common/localized';
import { loadFilter, saveFilter } from '../../lab-client/filter-store';
import {
  buildFlowGraph,
  buildLadder,
  type LadderConnection,
  latestConnection,
  tcpConnections,
} from '../../lab-client/ladder';
import { browserSessionStorage } from '../../lab-client/resume-store';
import { testHook } from '../../lab-client/test-hook';
import { originCaption, type TimeOrigin } from '../../lab-client/time-origin';
import type { CaptureGap, CaptureStatus, Packet, ServerEvent, ServerInfo } from '../../protocol';
import EventLog from '../EventLog';
import { TEXT as EVENT_LOG } from '../EventLog/text';
import { useText } from '../i18n/useText';
import LadderDiagram, { type LadderView } from '../LadderDiagram';
import PacketDetail from '../PacketDetail';
import PacketList from '../PacketList';
import FollowStream from '../views/FollowStream';
import styles from './styles.module.css';
import { TEXT } from './text';

type Tab = 'packets' | 'ladder' | 'stream' | 'events';

const TABS: readonly { readonly id: Tab; readonly label: Localized }[] = [
  { id: 'packets', label: TEXT.packets },
  { id: 'ladder', label: TEXT.ladder },
  { id: 'stream', label: TEXT.stream },
  { id: 'events', label: EVENT_LOG.title },
];

export interface PacketTimelineProps {
  readonly lab: string;
  readonly packets: readonly Packet[];
  readonly gaps: readonly CaptureGap[];
  readonly firstNumber: number;
  /** The session's time origin, which every view counts from. */
  readonly timeOrigin: TimeOrigin;
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
  const [streamConnection, setStreamConnection] = useState<number>();
  const [ladderView, setLadderView] = useState<LadderView>('ladder');
  const [filter, setFilter] = useState(() => loadFilter(browserSessionStorage(), lab));
  const tabRefs = useRef(new Map<Tab, HTMLButtonElement>());
  const baseId = useId();
  const t = useText();

  const connections = useMemo(() => tcpConnections(packets, servers), [packets, servers]);
  const shownConnection = pick(connections, chosenConnection);
  const ladder = useMemo(
    () => (shownConnection === undefined ? undefined : buildLadder(shownConnection)),
    [shownConnection],
  );
  const flow = useMemo(() => buildFlowGraph(connections), [connections]);
  const followed = pick(connections, streamConnection);
  const origin = timeOrigin.at;
  const caption = originCaption(timeOrigin);

  const changeFilter = useCallback(
    (text: string) => {
      setFilter(text);
      saveFilter(browserSessionStorage(), lab, text);
    },
    [lab],
  );
  const follow = useCallback((packet: Packet) => {
    if (packet.tcp === undefined) return;
    setStreamConnection(packet.tcp.connection);
    setTab('stream');
  }, []);

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
    const index = TABS.findIndex((item) => item.id === tab);
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

  const emptyText = t(capture?.state === 'running' ? TEXT.emptyRunning : TEXT.emptyWaiting);

  return (
    <section className={styles.timeline} aria-label={t(TEXT.timeline)} data-tab={tab}>
      <div className={styles.bar}>
        <div className={styles.tabs} role="tablist" aria-label={t(TEXT.views)} onKeyDown={tablistOnKeyDown}>
          {TABS.map((item) => (
            <button
              key={item.id}
              ref={(element) => {
                if (element === null) tabRefs.current.delete(item.id);
                else tabRefs.current.set(item.id, element);
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${item.id}`}
              aria-selected={tab === item.id}
              aria-controls={`${baseId}-panel`}
              tabIndex={tab === item.id ? 0 : -1}
              className={clsx(styles.tab, tab === item.id && styles.tabActive)}
              onClick={() => setTab(item.id)}
            >
              {t(item.label)}
              {item.id === 'packets' && packets.length > 0 && <span className={styles.count}>{packets.length}</span>}
            </button>
          ))}
        </div>
        {downloadUrl !== undefined && (
          <a className={styles.download} href={downloadUrl} download>
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M8 2v8M4.5 6.5L8 10l3.5-3.5M3 13h10" fill="none" stroke="currentColor" strokeWidth="1.6" />
            </svg>
            {t(TEXT.download)}
          </a>
        )}
      </div>
      {caption !== undefined && (
        <p className={styles.origin} data-origin={timeOrigin.kind}>
          {t(caption)}
        </p>
      )}
      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-tab-${tab}`} className={styles.panel}>
        {tab === 'packets' && (
          <PacketList
            packets={packets}
            gaps={gaps}
            firstNumber={firstNumber}
            origin={origin}
            selectedId={opened?.packet.id}
            onOpen={openFromList}
            onClose={close}
            emptyText={emptyText}
            filter={filter}
            onFilterChange={changeFilter}
            onFollow={follow}
          />
        )}
        {tab === 'ladder' && (
          <LadderDiagram
            connections={connections}
            ladder={ladder}
            flow={flow}
            view={ladderView}
            onViewChange={setLadderView}
            onConnectionChange={setChosenConnection}
            origin={origin}
            selectedId={opened?.packet.id}
            onOpen={openFromLadder}
          />
        )}
        {tab === 'stream' && (
          <FollowStream connections={connections} shown={followed} onConnectionChange={setStreamConnection} />
        )}
        {tab === 'events' && (
          <EventLog events={events} showServer={servers.length > 1} showTitle={false} timeOrigin={timeOrigin} />
        )}
        {(tab === 'packets' || tab === 'ladder') && opened !== undefined && (
          <PacketDetail
            packet={opened.packet}
            number={opened.number}
            origin={origin}
            onClose={close}
            onFollow={follow}
          />
        )}
      </div>
    </section>
  );
}

/** The connection the student picked, while it is still held; otherwise the one with the newest packet. */
function pick(connections: readonly LadderConnection[], chosen: number | undefined): LadderConnection | undefined {
  return connections.find((connection) => connection.connection === chosen) ?? latestConnection(connections);
}
