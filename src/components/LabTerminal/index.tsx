/**
 * The lab terminal: xterm.js connected to the lab shell through the lab connection. Keystrokes and pastes go
 * out as `input` messages (split by the connection when long), `output` is written to xterm as is, and the
 * terminal is refitted whenever its box changes size, each new size sent as `resize` so the shell wraps to fit.
 * It follows the site's colour mode. With `?socketlab-test` its buffer is readable through the test hook.
 */

import { useColorMode } from '@docusaurus/theme-common';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import clsx from 'clsx';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { Localized } from '../../common/localized';
import type { ConnectionState, LabConnection } from '../../lab-client/lab-connection';
import { testHook } from '../../lab-client/test-hook';
import { useText } from '../i18n/useText';
import styles from './styles.module.css';
import { TEXT } from './text';
import { DARK_THEME, LIGHT_THEME, TERMINAL_FONT_FAMILY } from './themes';

export interface LabTerminalProps {
  readonly lab: string;
  readonly connection: LabConnection | undefined;
  readonly state: ConnectionState;
}

const OVERLAY_TEXT: Record<ConnectionState, Localized | undefined> = {
  connecting: TEXT.connecting,
  live: undefined,
  reconnecting: TEXT.reconnecting,
  failed: TEXT.failed,
};

export default function LabTerminal({ lab, connection, state }: LabTerminalProps): ReactNode {
  const frameRef = useRef<HTMLDivElement>(null);
  // The element xterm opens in and FitAddon measures: it has no padding, or the fit would overflow it.
  const screenRef = useRef<HTMLDivElement>(null);
  const [terminal, setTerminal] = useState<Terminal>();
  const [size, setSize] = useState<{ cols: number; rows: number }>();
  const { colorMode } = useColorMode();
  const t = useText();

  useEffect(() => {
    const frame = frameRef.current;
    const screen = screenRef.current;
    if (frame === null || screen === null) return;
    // Docusaurus has already put the colour mode on <html>; reading it here avoids a flash of the other theme.
    const dark = document.documentElement.dataset.theme === 'dark';
    const term = new Terminal({
      theme: dark ? DARK_THEME : LIGHT_THEME,
      fontFamily: TERMINAL_FONT_FAMILY,
      fontSize: 14,
      lineHeight: 1.15,
      cursorBlink: true,
      scrollback: 5000,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(screen);
    // Tab belongs to the shell (completion), which would trap keyboard users in the terminal; Escape then Tab
    // hands Tab back to the browser, so focus moves on (WCAG 2.1.2, no keyboard trap).
    let escapePressed = false;
    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown') return true;
      if (event.key === 'Tab' && escapePressed) {
        escapePressed = false;
        return false;
      }
      escapePressed = event.key === 'Escape';
      return true;
    });

    // Fit at most once a frame: a window drag fires the observer many times.
    let frameRequest = 0;
    const refit = (): void => {
      cancelAnimationFrame(frameRequest);
      frameRequest = requestAnimationFrame(() => {
        // A hidden terminal (display: none, inside a closed tab) has no size to fit to.
        if (screen.clientWidth > 0 && screen.clientHeight > 0) fit.fit();
      });
    };
    const observer = new ResizeObserver(refit);
    observer.observe(screen);
    refit();

    // Clicking the padding around the screen should focus the terminal too, not only clicking the text.
    const frameOnClick = (): void => term.focus();
    frame.addEventListener('click', frameOnClick);
    const sizeSubscription = term.onResize((next) => setSize(next));
    setSize({ cols: term.cols, rows: term.rows });

    const hook = testHook();
    if (hook !== undefined) {
      hook.terminals[lab] = {
        lines: () => {
          const buffer = term.buffer.active;
          const lines: string[] = [];
          for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
          return lines;
        },
      };
    }

    setTerminal(term);
    return () => {
      cancelAnimationFrame(frameRequest);
      observer.disconnect();
      frame.removeEventListener('click', frameOnClick);
      sizeSubscription.dispose();
      if (hook !== undefined) delete hook.terminals[lab];
      setTerminal(undefined);
      term.dispose();
    };
  }, [lab]);

  useEffect(() => {
    if (terminal !== undefined) terminal.options.theme = colorMode === 'dark' ? DARK_THEME : LIGHT_THEME;
  }, [terminal, colorMode]);

  useEffect(() => {
    terminal?.textarea?.setAttribute('aria-label', t(TEXT.input(lab)));
  }, [terminal, lab, t]);

  useEffect(() => {
    if (terminal === undefined || connection === undefined) return;
    let hadSession = false;
    const subscriptions = [
      connection.onOutput((data) => terminal.write(data)),
      connection.onWelcome((welcome) => {
        // A new session (the old one expired, or the server restarted) has a new shell: start on a clean screen.
        if (hadSession && !welcome.resumed) terminal.reset();
        hadSession = true;
      }),
      terminal.onData((data) => connection.sendInput(data)),
      terminal.onResize(({ cols, rows }) => connection.resize(cols, rows)),
    ];
    connection.resize(terminal.cols, terminal.rows);
    return () => {
      for (const subscription of subscriptions) subscription.dispose();
    };
  }, [terminal, connection]);

  const overlay = OVERLAY_TEXT[state];
  return (
    <div className={clsx(styles.terminal, colorMode === 'dark' ? styles.dark : styles.light)}>
      <div className={styles.chrome}>
        <span className={styles.lights} aria-hidden="true">
          <span />
          <span />
          <span />
        </span>
        <span className={styles.name}>{t(TEXT.name)}</span>
        <span className={styles.size} aria-hidden="true">
          {size === undefined ? '' : `${size.cols}×${size.rows}`}
        </span>
      </div>
      <section ref={frameRef} className={styles.frame} aria-label={t(TEXT.frame)}>
        <div ref={screenRef} className={styles.screen} data-testid="lab-terminal" />
        {overlay !== undefined && (
          <div className={styles.overlay} aria-hidden="true">
            <span>{t(overlay)}</span>
          </div>
        )}
      </section>
    </div>
  );
}
