/**
 * The faults a lab offers on its servers, as controls the student sets: a loss rate in percent, a switch that
 * makes the peer go silent, a button that restarts the server for a few seconds (with a countdown while it is
 * away). The lab server puts each in effect and reports it back, and a control shows what is set now, so the
 * panel and the lab shell never disagree. A fault the lab server cannot set is shown with its reason and how to
 * allow it. Shown only when the lab has faults.
 */

import clsx from 'clsx';
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import type { Localized } from '../../common/localized';
import { FAULT_SETTINGS, type FaultKind, type FaultStatus, type ServerInfo } from '../../protocol';
import { useText } from '../i18n/useText';
import part from '../LabPanel/part.module.css';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface FaultControlsProps {
  readonly faults: readonly FaultStatus[];
  readonly servers: readonly ServerInfo[];
  /** Asks the lab server to set a fault to `value`; false when it could not be sent (the session is not live). */
  readonly onSet: (fault: FaultStatus, value: number) => boolean;
  readonly live: boolean;
}

/** How long a restart may keep the server away, to choose from: a few seconds, up to the most a restart takes. */
const RESTART_CHOICES = [3, 5, 10, FAULT_SETTINGS.restart.max] as const;
const RESTART_DEFAULT = 5;

const NAMES: Readonly<Record<FaultKind, (server: string) => Localized>> = {
  loss: TEXT.loss,
  silence: TEXT.silence,
  restart: TEXT.restart,
};

export default function FaultControls({ faults, servers, onSet, live }: FaultControlsProps): ReactNode {
  const headingId = useId();
  const t = useText();
  if (faults.length === 0) return null;
  return (
    <section className={part.section} aria-labelledby={headingId} data-faults="">
      <div className={part.heading}>
        <h4 id={headingId} className={part.title}>
          {t(TEXT.title)}
        </h4>
      </div>
      {faults.map((fault) => (
        <FaultControl
          key={`${fault.kind}:${fault.server}`}
          fault={fault}
          title={servers.find((server) => server.id === fault.server)?.title ?? fault.server}
          onSet={onSet}
          live={live}
        />
      ))}
    </section>
  );
}

interface ControlProps {
  readonly fault: FaultStatus;
  /** The server's title, as the server list shows it. */
  readonly title: string;
  readonly onSet: FaultControlsProps['onSet'];
  readonly live: boolean;
}

/** One fault's control, or why it is not available here. */
function FaultControl(props: ControlProps): ReactNode {
  const t = useText();
  const { fault } = props;
  if (!fault.available) {
    return (
      <FaultRow {...props}>
        <span className={styles.unavailable}>
          {t(TEXT.unavailable)} {fault.reason}
        </span>
      </FaultRow>
    );
  }
  switch (fault.kind) {
    case 'loss':
      return <LossControl {...props} />;
    case 'silence':
      return <SilenceControl {...props} />;
    case 'restart':
      return <RestartControl {...props} />;
  }
}

/**
 * A fault's row, a form named after the fault and its server (`form[data-fault="loss"][data-server="echo"]`),
 * with the setting now as `data-value`; submitting it (Enter, or its submit button) calls `onSubmit`.
 */
function FaultRow({
  fault,
  title,
  onSubmit,
  children,
}: ControlProps & { readonly onSubmit?: () => void; readonly children: ReactNode }): ReactNode {
  const t = useText();
  const nameId = useId();
  const formOnSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    onSubmit?.();
  };
  return (
    <form
      className={styles.fault}
      aria-labelledby={nameId}
      onSubmit={formOnSubmit}
      data-fault={fault.kind}
      data-server={fault.server}
      data-value={fault.value}
    >
      <span id={nameId} className={styles.name}>
        {t(NAMES[fault.kind](title))}
      </span>
      {children}
    </form>
  );
}

/**
 * The value last asked for, until the lab server reports the fault at it ("Setting…" meanwhile). A report of any
 * other value (the shell set it, a restart is over) leaves the control free again once the asked one came.
 */
function usePending(current: number): [boolean, (value: number) => void] {
  const [asked, setAsked] = useState<number>();
  useEffect(() => {
    if (asked === current) setAsked(undefined);
  }, [asked, current]);
  return [asked !== undefined && asked !== current, setAsked];
}

/** Seconds left of `seconds` counted from when it was last reported; 0 when nothing is counting. */
function useCountdown(seconds: number): number {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    setLeft(seconds);
    if (seconds === 0) return undefined;
    const end = Date.now() + seconds * 1000;
    const timer = setInterval(() => setLeft(Math.max(0, Math.ceil((end - Date.now()) / 1000))), 250);
    return () => clearInterval(timer);
  }, [seconds]);
  return left;
}

function LossControl(props: ControlProps): ReactNode {
  const { fault, title, onSet, live } = props;
  const t = useText();
  const [text, setText] = useState(String(fault.value));
  const [pending, ask] = usePending(fault.value);
  const value = Number(text);
  const { min, max } = FAULT_SETTINGS.loss;
  const valid = /^\d{1,3}$/.test(text.trim()) && value >= min && value <= max;
  const set = (): void => {
    if (valid && onSet(fault, value)) ask(value);
  };
  return (
    <FaultRow {...props} onSubmit={set}>
      <input
        className={styles.input}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={text}
        aria-label={t(TEXT.percentLabel(title))}
        aria-invalid={!valid}
        title={valid ? undefined : t(TEXT.bad)}
        onChange={(event) => setText(event.target.value)}
      />
      %
      <button type="submit" className="button button--sm button--secondary" disabled={!live || !valid || pending}>
        {t(pending ? TEXT.setting : TEXT.set)}
      </button>
      <span className={styles.now} aria-live="polite">
        {t(TEXT.now(fault.value))}
      </span>
    </FaultRow>
  );
}

function SilenceControl(props: ControlProps): ReactNode {
  const { fault, onSet, live } = props;
  const t = useText();
  const [pending, ask] = usePending(fault.value);
  const silent = fault.value === 1;
  const buttonOnClick = (): void => {
    const next = silent ? 0 : 1;
    if (onSet(fault, next)) ask(next);
  };
  return (
    <FaultRow {...props}>
      <button
        type="button"
        className={clsx('button button--sm', silent ? 'button--danger' : 'button--secondary')}
        aria-pressed={silent}
        disabled={!live || pending}
        onClick={buttonOnClick}
      >
        {t(pending ? TEXT.setting : TEXT.silent)}
      </button>
      <span className={styles.now} aria-live="polite">
        {t(silent ? TEXT.silentOn : TEXT.silentOff)}
      </span>
    </FaultRow>
  );
}

function RestartControl(props: ControlProps): ReactNode {
  const { fault, title, onSet, live } = props;
  const t = useText();
  const [seconds, setSeconds] = useState<number>(RESTART_DEFAULT);
  const [pending, ask] = usePending(fault.value);
  const left = useCountdown(fault.value);
  const away = fault.value > 0;
  const restart = (): void => {
    if (live && !away && onSet(fault, seconds)) ask(seconds);
  };
  return (
    <FaultRow {...props} onSubmit={restart}>
      <select
        className={styles.input}
        value={seconds}
        aria-label={t(TEXT.secondsLabel(title))}
        disabled={away}
        onChange={(event) => setSeconds(Number(event.target.value))}
      >
        {RESTART_CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {t(TEXT.seconds(choice))}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--sm button--secondary" disabled={!live || away || pending}>
        {t(pending ? TEXT.setting : TEXT.restartFor(seconds))}
      </button>
      {away ? (
        // A timer: read when asked, not announced every second.
        <span className={styles.now} role="timer">
          {t(left > 0 ? TEXT.away(left) : TEXT.coming)}
        </span>
      ) : (
        <span className={styles.now} aria-live="polite">
          {t(TEXT.listening)}
        </span>
      )}
    </FaultRow>
  );
}
