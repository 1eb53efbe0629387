/**
 * The packet list's context menu, as Wireshark's right-click on a packet: Follow TCP Stream, and filter the
 * list on the packet's connection. It opens at the pointer (right-click) or at the row (the context-menu key,
 * Shift+F10), takes focus, moves with the arrow keys, and closes on Escape, on a choice, or on a click outside,
 * giving focus back to the row.
 */

import { type KeyboardEvent, type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';
import styles from './styles.module.css';

export interface PacketMenuItem {
  readonly label: string;
  readonly onSelect: () => void;
}

export interface PacketMenuProps {
  /** Where it opens, in viewport pixels. */
  readonly x: number;
  readonly y: number;
  readonly label: string;
  readonly items: readonly PacketMenuItem[];
  readonly onClose: () => void;
}

export default function PacketMenu({ x, y, label, items, onClose }: PacketMenuProps): ReactNode {
  const menuRef = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState({ left: x, top: y });

  // Kept inside the window: a row near the bottom or the right edge opens its menu above or to the left.
  useLayoutEffect(() => {
    const box = menuRef.current?.getBoundingClientRect();
    if (box === undefined) return;
    const margin = 8;
    setPlace({
      left: Math.max(margin, Math.min(x, window.innerWidth - box.width - margin)),
      top: y + box.height + margin > window.innerHeight ? Math.max(margin, y - box.height) : y,
    });
  }, [x, y]);

  useEffect(() => {
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const documentOnPointerDown = (event: PointerEvent): void => {
      if (!menuRef.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', documentOnPointerDown);
    return () => document.removeEventListener('pointerdown', documentOnPointerDown);
  }, [onClose]);

  const menuOnKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const entries = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = entries.indexOf(document.activeElement as HTMLElement);
    let next: number | undefined;
    if (event.key === 'ArrowDown') next = (index + 1) % entries.length;
    else if (event.key === 'ArrowUp') next = (index + entries.length - 1) % entries.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = entries.length - 1;
    else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    if (next === undefined) return;
    event.preventDefault();
    entries[next]?.focus();
  };

  return (
    <div ref={menuRef} className={styles.menu} role="menu" aria-label={label} style={place} onKeyDown={menuOnKeyDown}>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className={styles.item}
          onClick={() => {
            onClose();
            item.onSelect();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
