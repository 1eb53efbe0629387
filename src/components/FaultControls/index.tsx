/**
 * The faults a lab offers on its servers, as controls the student sets (a loss rate in percent): the lab server
 * applies each in its kernel and reports it back, and the control shows what is set now, so the panel and the
 * lab shell never disagree. A fault the lab server may not set is shown with its reason and how to allow it.
 * Shown only when the lab has faults.
 */

import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { FAULT_SETTINGS, type FaultStatus, type ServerInfo } from '../../protocol';
import { useText } from '../i18n/useText';
import part from '../LabPanel/part.module.css';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface FaultControlsProps {
  readonly faults: readonly FaultStatus[];
  readonly servers: readonly ServerInfo[];
  /** Asks the lab server to set a fault; false when it could not be sent (the session is not live). */
  readonly onSet: (fault: FaultStatus, percent: number) => boolean;
  readonly live: boolean;
}

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

function FaultControl({
  fault,
  title,
  onSet,
  live,
}: {
  readonly fault: FaultStatus;
  readonly title: string;
  readonly onSet: FaultControlsProps['onSet'];
  readonly live: boolean;
}): ReactNode {
  const t = useText();
  const inputId = useId();
  const [text, setText] = useState(String(fault.value));
  const [sentPercent, setSentPercent] = useState<number>();
  const value = Number(text);
  const valid = /^\d{1,3}$/.test(text.trim()) && value >= FAULT_SETTINGS.loss.min && value <= FAULT_SETTINGS.loss.max;
  // "Setting…" until the lab server reports the rate that was asked for.
  const setting = sentPercent !== undefined && sentPercent !== fault.value;

  const formOnSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!valid) return;
    if (onSet(fault, value)) setSentPercent(value);
  };

  return (
    <form className={styles.fault} onSubmit={formOnSubmit} data-fault={fault.kind} data-server={fault.server}>
      <label className={styles.name} htmlFor={inputId}>
        {t(TEXT.loss(title))}
      </label>
      {fault.available ? (
        <>
          <input
            id={inputId}
            className={styles.input}
            type="number"
            inputMode="numeric"
            min={FAULT_SETTINGS.loss.min}
            max={FAULT_SETTINGS.loss.max}
            step={1}
            value={text}
            aria-label={t(TEXT.percentLabel(title))}
            aria-invalid={!valid}
            title={valid ? undefined : t(TEXT.bad)}
            onChange={(event) => setText(event.target.value)}
          />
          %
          <button type="submit" className="button button--sm button--secondary" disabled={!live || !valid || setting}>
            {t(setting ? TEXT.setting : TEXT.set)}
          </button>
          <span className={styles.now} aria-live="polite">
            {t(TEXT.now(fault.value))}
          </span>
        </>
      ) : (
        <span className={styles.unavailable}>
          {t(TEXT.unavailable)} {fault.reason}
        </span>
      )}
    </form>
  );
}
