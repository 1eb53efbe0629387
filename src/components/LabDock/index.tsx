/**
 * Places a lab panel where the student works best (see lab-client/dock-layout.ts): docked in a pane on the right
 * that stays in view while the lesson scrolls, with a divider to set its width; inline in the lesson; or on a
 * phone as a sheet opened over the page. The panel is rendered once, into a host element of its own, and that
 * element is *moved* between the places — so switching never remounts the panel, and the terminal, its
 * scrollback and the WebSocket session survive every switch.
 */

import clsx from 'clsx';
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import {
  clampDockWidth,
  type DockMode,
  dockMode,
  dockWidth,
  saveDockMode,
  saveDockWidth,
} from '../../lab-client/dock-layout';
import { useText } from '../i18n/useText';
import styles from './styles.module.css';
import { TEXT } from './text';

/** Only one lab on a page docks; any other stays inline (a lesson has one lab, but a page may embed more). */
let dockOwner: symbol | undefined;
const DOCKED_CLASS = 'sl-lab-docked';
const KEY_STEP_PX = 24;

function browserLocalStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export interface LabDockProps {
  readonly id: string;
  /** The panel, given the mode it is shown in and how to switch between docked and inline. */
  readonly children: (layout: { mode: DockMode; setMode: (mode: 'docked' | 'inline') => void }) => ReactNode;
}

export default function LabDock({ id, children }: LabDockProps): ReactNode {
  const [host] = useState(() => {
    const element = document.createElement('div');
    element.className = styles.host ?? '';
    return element;
  });
  const [owner] = useState(() => Symbol(id));
  const t = useText();
  // Rendering claims nothing (React may render and discard); the first layout effect claims the dock.
  const [mode, setModeState] = useState<DockMode>(() => dockMode(window.innerWidth, browserLocalStorage()));
  const [width, setWidth] = useState(() => dockWidth(window.innerWidth, browserLocalStorage()));
  const [sheetOpen, setSheetOpen] = useState(false);
  const slotRef = useRef<HTMLDivElement>(null);
  const paneRef = useRef<HTMLDivElement>(null);
  const sheetRef = useRef<HTMLDivElement>(null);

  // Mounted, the panel claims the dock if it is the page's first docking lab; the window crossing the
  // phone/desktop line changes the mode later, while a saved choice holds within desktop.
  useLayoutEffect(() => {
    const windowOnResize = (): void => {
      setModeState(modeFor(owner, window.innerWidth));
      setWidth((current) => clampDockWidth(current, window.innerWidth));
    };
    windowOnResize();
    window.addEventListener('resize', windowOnResize);
    return () => {
      window.removeEventListener('resize', windowOnResize);
      if (dockOwner === owner) dockOwner = undefined;
    };
  }, [owner]);

  // The page's text makes room for the docked pane (custom.css reads the class and the width).
  useEffect(() => {
    if (mode !== 'docked') return;
    const root = document.documentElement;
    const firstDocking = !root.classList.contains(DOCKED_CLASS) && !hashKept;
    root.classList.add(DOCKED_CLASS);
    root.style.setProperty('--sl-dock-width', `${width}px`);
    // Docking narrows the text and reflows it, so a deep link (`…#lab`) that the browser had just scrolled to
    // would end up elsewhere: on a fresh load, scroll to it again.
    if (firstDocking) keepHashTarget();
    return () => {
      root.classList.remove(DOCKED_CLASS);
      root.style.removeProperty('--sl-dock-width');
    };
  }, [mode, width]);

  // Moves the one host element to where the panel is shown now; moving a node keeps React's tree as it is.
  useLayoutEffect(() => {
    const target = mode === 'docked' ? paneRef.current : mode === 'sheet' ? sheetRef.current : slotRef.current;
    if (target !== null && host.parentElement !== target) target.appendChild(host);
  });

  const setMode = useCallback(
    (next: 'docked' | 'inline') => {
      saveDockMode(browserLocalStorage(), next);
      if (next === 'docked') dockOwner ??= owner;
      setModeState(modeFor(owner, window.innerWidth));
    },
    [owner],
  );

  // An open sheet owns the screen: Escape closes it, the page behind does not scroll, and focus goes in and back.
  const launcherRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (mode !== 'sheet' || !sheetOpen) return;
    const previousOverflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    closeRef.current?.focus();
    const documentOnKeyDown = (event: KeyboardEvent): void => {
      // In the terminal, Escape belongs to the shell (and, pressed before Tab, lets focus leave the terminal).
      const inTerminal = event.target instanceof Element && event.target.closest('.xterm') !== null;
      if (event.key === 'Escape' && !inTerminal) setSheetOpen(false);
    };
    document.addEventListener('keydown', documentOnKeyDown);
    return () => {
      document.body.style.overflow = previousOverflow;
      document.removeEventListener('keydown', documentOnKeyDown);
      launcherRef.current?.focus();
    };
  }, [mode, sheetOpen]);

  const resize = useCallback((next: number) => {
    const clamped = clampDockWidth(next, window.innerWidth);
    setWidth(clamped);
    saveDockWidth(browserLocalStorage(), clamped);
  }, []);

  return (
    <>
      {createPortal(children({ mode, setMode }), host)}
      {mode === 'inline' && <div ref={slotRef} className={styles.slot} data-lab-slot={id} />}
      {mode === 'docked' && (
        <div className={styles.dockedNote} data-lab-slot={id}>
          <span>{t(TEXT.dockedNote)}</span>
          <button type="button" className="button button--sm button--secondary" onClick={() => setMode('inline')}>
            {t(TEXT.showHere)}
          </button>
        </div>
      )}
      {mode === 'docked' &&
        createPortal(
          <aside className={styles.pane} style={{ width }} aria-label={t(TEXT.docked)} data-lab-dock={id}>
            <Divider width={width} label={t(TEXT.resize)} onResize={resize} />
            <div ref={paneRef} className={styles.paneBody} />
          </aside>,
          document.body,
        )}
      {mode === 'sheet' && (
        <div className={styles.sheetLauncher} data-lab-slot={id}>
          <button ref={launcherRef} type="button" className="button button--primary" onClick={() => setSheetOpen(true)}>
            {t(TEXT.open)}
          </button>
        </div>
      )}
      {mode === 'sheet' &&
        createPortal(
          <div
            className={clsx(styles.sheet, sheetOpen && styles.sheetOpen)}
            role="dialog"
            aria-modal={sheetOpen}
            aria-hidden={!sheetOpen}
            aria-label={t(TEXT.lab)}
            data-lab-sheet={id}
          >
            <div className={styles.sheetBar}>
              <span className={styles.sheetTitle}>{t(TEXT.lab)}</span>
              <button
                ref={closeRef}
                type="button"
                className="button button--sm button--secondary"
                onClick={() => setSheetOpen(false)}
              >
                {t(TEXT.close)}
              </button>
            </div>
            {/* A link in the lab (to the lesson's clients, say) leads into the page: the sheet gets out of the way. */}
            {/* biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: only catches clicks bubbling from links */}
            <div
              ref={sheetRef}
              className={styles.sheetBody}
              onClick={(event) => {
                if ((event.target as Element).closest('a[href]') !== null) setSheetOpen(false);
              }}
            />
          </div>,
          document.body,
        )}
    </>
  );
}

/** Set once the deep link of this page load has been taken care of (see keepHashTarget). */
let hashKept = false;
/** How soon after the page started loading a docking may still move the view to the page's `#anchor`. */
const COLD_LOAD_MS = 5000;

function keepHashTarget(): void {
  hashKept = true;
  const id = decodeURIComponent(window.location.hash.slice(1));
  if (id === '' || performance.now() > COLD_LOAD_MS) return;
  const target = document.getElementById(id);
  // After the reflow: the heading's own scroll-margin keeps it clear of the navbar.
  if (target !== null) requestAnimationFrame(() => target.scrollIntoView());
}

/** The layout's mode for this panel: only the page's first docking lab may dock. */
function modeFor(owner: symbol, windowWidth: number): DockMode {
  const mode = dockMode(windowWidth, browserLocalStorage());
  if (mode !== 'docked') {
    if (dockOwner === owner) dockOwner = undefined;
    return mode;
  }
  dockOwner ??= owner;
  return dockOwner === owner ? 'docked' : 'inline';
}

/**
 * The handle on the pane's left edge: drag it, or focus it and use the arrow keys (Home/End for the extremes),
 * as WAI-ARIA's window splitter pattern describes.
 */
function Divider({
  width,
  label,
  onResize,
}: {
  readonly width: number;
  readonly label: string;
  readonly onResize: (width: number) => void;
}): ReactNode {
  const onPointerDown = (event: React.PointerEvent<HTMLDivElement>): void => {
    event.preventDefault();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const onMove = (move: PointerEvent): void => onResize(window.innerWidth - move.clientX);
    const onUp = (): void => {
      handle.removeEventListener('pointermove', onMove);
      handle.removeEventListener('pointerup', onUp);
      handle.removeEventListener('pointercancel', onUp);
    };
    handle.addEventListener('pointermove', onMove);
    handle.addEventListener('pointerup', onUp);
    handle.addEventListener('pointercancel', onUp);
  };
  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>): void => {
    const next =
      event.key === 'ArrowLeft'
        ? width + KEY_STEP_PX
        : event.key === 'ArrowRight'
          ? width - KEY_STEP_PX
          : event.key === 'Home'
            ? Number.POSITIVE_INFINITY
            : event.key === 'End'
              ? 0
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    onResize(next);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a window splitter is a focusable separator (WAI-ARIA APG), not an <hr>
    <div
      className={styles.divider}
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={width}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
