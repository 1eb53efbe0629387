/**
 * The server log, headed "Server timeline" (the word the lessons use): what the lab's servers saw on their
 * sockets (accept, secure when a TLS handshake completed, receive, send, peer-fin, reset, close), one compact line
 * per event, newest at the bottom. Payload previews are shown as quoted text or as a hex dump, always as text
 * nodes: what a student sends over TCP is data, and `<img src=x onerror=…>` is shown as those characters. The
 * list follows new events unless the student has scrolled up to read. Times count from the session's time
 * origin, like the packet views', and `#2` is the session's number for the connection, the one its packets show.
 */

import clsx from 'clsx';
import { memo, type ReactNode, useId, useState } from 'react';
import { eventParts, formatEventTime, payloadText } from '../../lab-client/event-format';
import { originCaption, type TimeOrigin } from '../../lab-client/time-origin';
import { hexDump, type ServerEvent } from '../../protocol';
import { useText } from '../i18n/useText';
import part from '../LabPanel/part.module.css';
import { useFollowBottom } from '../LabPanel/use-follow-bottom';
import { TextHexToggle } from '../views/Toggle';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface EventLogProps {
  readonly events: readonly ServerEvent[];
  /** Name the server on each line (labs with more than one server). */
  readonly showServer: boolean;
  /** Show the "Server timeline" heading; off inside the timeline's tab of the same name. */
  readonly showTitle?: boolean;
  /** The session's time origin; without it, times count from the session's start. */
  readonly timeOrigin?: TimeOrigin | undefined;
}

const KIND_CLASS: Record<ServerEvent['kind'], string | undefined> = {
  listen: styles.kindOpen,
  accept: styles.kindOpen,
  receive: styles.kindData,
  send: styles.kindData,
  'peer-fin': styles.kindEnd,
  close: styles.kindEnd,
  reset: styles.kindBad,
  error: styles.kindBad,
  secure: styles.kindSecure,
};

export default function EventLog({ events, showServer, showTitle = true, timeOrigin }: EventLogProps): ReactNode {
  const [hex, setHex] = useState(false);
  const headingId = useId();
  const t = useText();
  // A new event, or the switch between text and hex (which changes every row's height).
  const follow = useFollowBottom<HTMLOListElement>([events[events.length - 1]?.seq, hex]);
  const caption = timeOrigin === undefined ? undefined : originCaption(timeOrigin);

  return (
    <section
      className={part.section}
      {...(showTitle ? { 'aria-labelledby': headingId } : { 'aria-label': t(TEXT.title) })}
    >
      <div className={styles.heading}>
        {showTitle ? (
          <h4 id={headingId} className={part.title}>
            {t(TEXT.title)}
          </h4>
        ) : (
          <span className={styles.caption}>{t(TEXT.caption)}</span>
        )}
        <TextHexToggle label={t(TEXT.showAs)} hex={hex} onChange={setHex} />
      </div>
      {/* Alone (no capture), the log says where its times count from; in the timeline, the timeline does. */}
      {showTitle && caption !== undefined && <p className={styles.origin}>{t(caption)}</p>}
      <ol ref={follow.ref} className={styles.list} aria-label={t(TEXT.list)} onScroll={follow.onScroll}>
        {events.length === 0 && <li className={styles.empty}>{t(TEXT.empty)}</li>}
        {events.map((event) => (
          <EventRow key={event.seq} event={event} hex={hex} showServer={showServer} timeOrigin={timeOrigin} />
        ))}
      </ol>
    </section>
  );
}

/** One event. Memoised: a new event or packet must not re-render the 500 rows above it. */
const EventRow = memo(function EventRow({
  event,
  hex,
  showServer,
  timeOrigin,
}: {
  readonly event: ServerEvent;
  readonly hex: boolean;
  readonly showServer: boolean;
  readonly timeOrigin: TimeOrigin | undefined;
}): ReactNode {
  const t = useText();
  const parts = eventParts(event, showServer);
  const text = payloadText(parts);
  return (
    <li
      className={clsx(styles.row, KIND_CLASS[event.kind])}
      data-seq={event.seq}
      data-kind={event.kind}
      data-connection={event.connection}
    >
      <span className={styles.time}>{formatEventTime(event, timeOrigin)}</span>
      <span className={styles.who}>{parts.who}</span>
      <span className={styles.what} title={t(parts.explanation)}>
        {t(parts.what)}
      </span>
      {text !== undefined && !hex && <span className={styles.payload}>{text}</span>}
      {parts.payload !== undefined && hex && (
        <pre className={styles.dump}>
          {hexDump(parts.payload).join('\n')}
          {parts.truncated ? '\n…' : ''}
        </pre>
      )}
    </li>
  );
});
