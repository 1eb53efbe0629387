/**
 * A group of an SVG diagram that works as a button — an arrow of the ladder or the flow graph: in the tab order,
 * pressed when its packet is open, activated by a click, Enter or Space. SVG has no `<button>`, so the role and
 * the keys are given here once.
 */

import type { KeyboardEvent, ReactNode } from 'react';

export interface SvgButtonProps {
  readonly className: string;
  /** What it is, for assistive technology: `0.000023 s, server to client: SYN,ACK seq=0 ack=1`. */
  readonly label: string;
  readonly pressed: boolean;
  readonly onActivate: () => void;
  /** `data-*` attributes tests and styles find it by. */
  readonly data?: Readonly<Record<`data-${string}`, string | number>>;
  readonly children: ReactNode;
}

export default function SvgButton({
  className,
  label,
  pressed,
  onActivate,
  data,
  children,
}: SvgButtonProps): ReactNode {
  const onKeyDown = (event: KeyboardEvent<SVGGElement>): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onActivate();
    }
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; role and keys make it one.
    <g
      className={className}
      role="button"
      tabIndex={0}
      aria-label={label}
      aria-pressed={pressed}
      onClick={onActivate}
      onKeyDown={onKeyDown}
      {...data}
    >
      {children}
    </g>
  );
}
