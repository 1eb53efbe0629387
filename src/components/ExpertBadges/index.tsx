/**
 * A packet's expert flags as small badges in Wireshark's colours (red on black for "Bad TCP", yellow on dark
 * red for RST), each with a one-sentence explanation as its tooltip, so a student who sees "dup ACK" can find
 * out what it means without leaving the page.
 */

import clsx from 'clsx';
import type { ReactNode } from 'react';
import { expertBadges } from '../../lab-client/packet-format';
import { useText } from '../i18n/useText';
import styles from './styles.module.css';

export interface ExpertBadgesProps {
  readonly expert: readonly string[];
  /** Also write each flag's explanation after its badge (the detail pane). */
  readonly explain?: boolean;
}

export default function ExpertBadges({ expert, explain = false }: ExpertBadgesProps): ReactNode {
  const t = useText();
  if (expert.length === 0) return null;
  const badges = expertBadges(expert);
  if (explain) {
    return (
      <ul className={styles.explained}>
        {badges.map((badge) => (
          <li key={badge.flag}>
            <span className={clsx(styles.badge, styles[badge.severity])}>{badge.label}</span>{' '}
            <span className={styles.explanation}>{t(badge.explanation)}</span>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <span className={styles.badges}>
      {badges.map((badge) => (
        <span key={badge.flag} className={clsx(styles.badge, styles[badge.severity])} title={t(badge.explanation)}>
          {badge.label}
        </span>
      ))}
    </span>
  );
}
