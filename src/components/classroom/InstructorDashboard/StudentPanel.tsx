/**
 * The drill-down of one watched student: their progress per lab with a reset button each, a remove button,
 * their live sessions, their checks over time, and what their sessions send from now on (packets, socket
 * events, check and question changes, capture gaps) as a compact read-only list. Every change asks the
 * instructor to confirm first: a reset forgets a student's passes, a removal forgets the student.
 */

import { type ReactNode, useState } from 'react';
import type { Localized } from '../../../common/localized';
import type { RosterLab, RosterStudent } from '../../../protocol/classroom';
import type { CheckState } from '../../../protocol/messages';
import { useLocale, useText } from '../../i18n/useText';
import { classroomRequest } from '../classroom-api';
import { labCount, type Watch, type WatchedItem } from './dashboard-state';
import { clockTime } from './format-time';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface StudentPanelProps {
  readonly student: RosterStudent;
  readonly labs: readonly RosterLab[];
  readonly watch: Watch;
  readonly onClose: () => void;
  readonly onError: (message: string) => void;
}

const STATE_TEXT: Record<CheckState, Localized> = {
  passed: TEXT.passed,
  failed: TEXT.failed,
  pending: TEXT.pending,
};

export default function StudentPanel({ student, labs, watch, onClose, onError }: StudentPanelProps): ReactNode {
  const t = useText();
  const locale = useLocale();
  const [busy, setBusy] = useState(false);
  const labTitle = (id: string): string => labs.find((lab) => lab.id === id)?.title ?? id;
  const itemTitle = (lab: string, kind: 'check' | 'question', id: string): string => {
    const found = labs.find((candidate) => candidate.id === lab);
    return (kind === 'check' ? found?.checks : found?.questions)?.find((item) => item.id === id)?.title ?? id;
  };

  const post = async (path: string, body: Readonly<Record<string, unknown>>): Promise<void> => {
    setBusy(true);
    const answer = await classroomRequest<unknown>(path, locale, body);
    setBusy(false);
    // The feed brings the changed row (or the removal); only a refusal needs saying here.
    if (!answer.ok) onError(answer.message === '' ? answer.code : answer.message);
  };

  return (
    <section className={styles.detail} data-watching={student.id} aria-label={t(TEXT.detailHeading(student.name))}>
      <div className={styles.row}>
        <h2 style={{ margin: 0 }}>{t(TEXT.detailHeading(student.name))}</h2>
        <button type="button" className="button button--sm button--secondary" onClick={onClose}>
          {t(TEXT.stopWatching)}
        </button>
        <button
          type="button"
          className="button button--sm button--danger"
          disabled={busy}
          data-remove={student.id}
          onClick={() => {
            if (window.confirm(t(TEXT.removeConfirm(student.name)))) {
              void post('/api/instructor/remove', { student: student.id });
            }
          }}
        >
          {t(TEXT.remove)}
        </button>
      </div>
      <div className={styles.detailColumns}>
        <div>
          <h3>{t(TEXT.progressHeading)}</h3>
          <table className={styles.progress}>
            <tbody>
              {labs.map((lab) => {
                const { passed, total } = labCount(student, lab);
                return (
                  <tr key={lab.id}>
                    <th scope="row">{lab.title}</th>
                    <td className={styles.count}>
                      {passed}/{total}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button--sm button--outline button--warning"
                        disabled={busy}
                        data-reset={lab.id}
                        onClick={() => {
                          if (window.confirm(t(TEXT.resetConfirm(lab.title, student.name)))) {
                            void post('/api/instructor/reset', { student: student.id, lab: lab.id });
                          }
                        }}
                      >
                        {t(TEXT.reset)}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h3>{t(TEXT.sessionsHeading)}</h3>
          {watch.sessions.length === 0 ? (
            <p className={styles.muted}>{t(TEXT.noSessions)}</p>
          ) : (
            <ul className={styles.list} data-testid="watched-sessions">
              {watch.sessions.map((session) => (
                <li key={session.session} data-session={session.session}>
                  {labTitle(session.lab)} · {t(session.attached ? TEXT.attached : TEXT.detached)}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>{t(TEXT.historyHeading)}</h3>
          {!watch.ready ? (
            <p className={styles.muted}>{t(TEXT.loadingDetail)}</p>
          ) : watch.history.length === 0 ? (
            <p className={styles.muted}>{t(TEXT.noHistory)}</p>
          ) : (
            <ul className={styles.list} data-testid="watched-history">
              {watch.history
                .slice()
                .reverse()
                .map((event) => (
                  <li
                    key={`${event.at}-${event.lab}-${event.kind}-${event.item}-${event.state}`}
                    data-history-state={event.state}
                  >
                    <span className={styles.mono}>{clockTime(event.at, locale)}</span> {labTitle(event.lab)} ·{' '}
                    {itemTitle(event.lab, event.kind, event.item)} ·{' '}
                    <span className={event.state === 'failed' ? styles.danger : undefined}>
                      {t(STATE_TEXT[event.state])}
                    </span>
                  </li>
                ))}
            </ul>
          )}
        </div>
      </div>
      <h3>{t(TEXT.liveHeading)}</h3>
      <p className={styles.muted}>{t(TEXT.liveHint)}</p>
      {watch.dropped > 0 && <p className={styles.muted}>{t(TEXT.dropped(watch.dropped))}</p>}
      {watch.items.length === 0 ? (
        <p className={styles.muted}>{t(TEXT.noLive)}</p>
      ) : (
        <ol className={`${styles.list} ${styles.mono}`} data-testid="watched-items">
          {watch.items.map((item) => (
            <WatchedLine
              key={item.key}
              item={item}
              title={(kind, id) => {
                const lab = watch.sessions.find((session) => session.session === item.session)?.lab;
                return lab === undefined ? undefined : itemTitle(lab, kind, id);
              }}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

interface WatchedLineProps {
  readonly item: WatchedItem;
  /**
   * A check's or question's title in the dashboard's language: the mirrored message carries it in the
   * student's, and the question's not at all.
   */
  readonly title: (kind: 'check' | 'question', id: string) => string | undefined;
}

function WatchedLine({ item, title }: WatchedLineProps): ReactNode {
  const t = useText();
  const locale = useLocale();
  const message = item.message;
  const time = new Date(item.receivedAt).toLocaleTimeString(locale, { hour12: false });
  let text: string;
  switch (message.type) {
    case 'packet': {
      const packet = message.packet;
      const flags = packet.tcp?.flagNames ?? packet.protocol.toUpperCase();
      text = `${packet.src}:${packet.srcPort} → ${packet.dst}:${packet.dstPort} [${flags}] ${t(TEXT.bytes(packet.payload.length))}${payloadText(packet.payload.hex)}`;
      break;
    }
    case 'event': {
      const event = message.event;
      const parts = [`#${event.connection}`, event.kind];
      if (event.peer !== undefined) parts.push(event.peer);
      if (event.bytes !== undefined) parts.push(t(TEXT.bytes(event.bytes)));
      if (event.note !== undefined) parts.push(event.note);
      text = `${event.server}: ${parts.join(' ')}${event.preview === undefined ? '' : payloadText(event.preview)}`;
      break;
    }
    case 'check':
      text = t(
        TEXT.mirroredCheck(title('check', message.check.id) ?? message.check.title, t(STATE_TEXT[message.check.state])),
      );
      break;
    case 'question':
      text = t(
        TEXT.mirroredQuestion(
          title('question', message.question.id) ?? message.question.prompt,
          t(STATE_TEXT[message.question.state]),
        ),
      );
      break;
    case 'gap':
      text = `${t(TEXT.gap)}: ${message.gap.reason}`;
      break;
  }
  return (
    <li data-watched={message.type}>
      <span className={styles.muted}>{time}</span> {text}
    </li>
  );
}

/** A payload's first bytes as text when they are printable ASCII, else as hex: a read-only glance, not a dump. */
function payloadText(hex: string): string {
  if (hex === '') return '';
  const shown = hex.slice(0, 64 * 2);
  const bytes = shown.match(/../g)?.map((pair) => Number.parseInt(pair, 16)) ?? [];
  const printable = bytes.every(
    (byte) => (byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte === 0x0d || byte === 0x09,
  );
  const more = hex.length > shown.length ? '…' : '';
  if (printable) {
    const text = String.fromCharCode(...bytes)
      .replace(/\r/g, '\\r')
      .replace(/\n/g, '\\n')
      .replace(/\t/g, '\\t');
    return ` "${text}${more}"`;
  }
  return ` ${shown.replace(/(..)/g, '$1 ').trim()}${more}`;
}
