/**
 * Keeps a scroll box at its newest entry, the bottom, as entries arrive, unless the student has scrolled up to
 * read: then it stays where they left it until they scroll back down. The packet list, the ladder and the
 * server log all behave this way. The box gets the returned `ref` and `onScroll`; `changes` lists what, when it
 * changes, may have added entries (like an effect's dependencies).
 */

import { type RefObject, type UIEvent, useLayoutEffect, useRef, useState } from 'react';

/** How close to the bottom (px) still counts as "following". */
const FOLLOW_SLACK = 24;

export interface FollowBottom<T extends HTMLElement> {
  readonly ref: RefObject<T | null>;
  readonly onScroll: (event: UIEvent<T>) => void;
  /** Call before entries are added above the view ("show earlier"): the next update keeps the view where it is. */
  readonly keepPosition: () => void;
}

export function useFollowBottom<T extends HTMLElement>(changes: readonly unknown[]): FollowBottom<T> {
  const ref = useRef<T>(null);
  const following = useRef(true);
  /** Distance from the bottom to restore after entries were added above. */
  const keepBottom = useRef<number | undefined>(undefined);

  useLayoutEffect(
    () => {
      const box = ref.current;
      if (box === null) return;
      if (keepBottom.current !== undefined) {
        box.scrollTop = box.scrollHeight - keepBottom.current;
        keepBottom.current = undefined;
      } else if (following.current) {
        box.scrollTop = box.scrollHeight;
      }
    },
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what may have added entries.
    changes,
  );

  const [follow] = useState<FollowBottom<T>>(() => ({
    ref,
    onScroll: (event) => {
      const box = event.currentTarget;
      following.current = box.scrollHeight - box.scrollTop - box.clientHeight <= FOLLOW_SLACK;
    },
    keepPosition: () => {
      const box = ref.current;
      if (box !== null) keepBottom.current = box.scrollHeight - box.scrollTop;
    },
  }));
  return follow;
}
