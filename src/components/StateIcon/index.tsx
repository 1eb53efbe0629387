/**
 * The pending / passed / failed icon that checks and capture questions share: an empty ring, a filled circle
 * with a tick, a filled circle with a cross. The shapes draw in `currentColor`, which the icon's state sets.
 */

import clsx from 'clsx';
import type { ReactNode } from 'react';
import type { CheckState } from '../../protocol';
import styles from './styles.module.css';

export interface StateIconProps {
  readonly state: CheckState;
}

export default function StateIcon({ state }: StateIconProps): ReactNode {
  return (
    <svg className={clsx(styles.icon, styles[state])} viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
      {state === 'pending' && <circle cx="10" cy="10" r="7.5" fill="none" stroke="currentColor" strokeWidth="1.6" />}
      {state === 'passed' && (
        <>
          <circle cx="10" cy="10" r="9" fill="currentColor" />
          <path d="M6 10.2l2.7 2.7L14.2 7.4" fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
        </>
      )}
      {state === 'failed' && (
        <>
          <circle cx="10" cy="10" r="9" fill="currentColor" />
          <path d="M7 7l6 6M13 7l-6 6" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
        </>
      )}
    </svg>
  );
}
