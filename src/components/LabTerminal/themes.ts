/**
 * The terminal's colours for the site's light and dark modes. The ANSI palettes are chosen for contrast on
 * their own background (the lab shell colours `ECONNREFUSED` red and `SYN sent` cyan, and both must stay
 * readable), in the manner of GitHub's light and dark terminal themes.
 */

import type { ITheme } from '@xterm/xterm';

export const DARK_THEME: ITheme = {
  background: '#0d1117',
  foreground: '#e6edf3',
  cursor: '#2dd4bf',
  cursorAccent: '#0d1117',
  selectionBackground: '#2dd4bf55',
  scrollbarSliderBackground: 'rgba(230, 237, 243, 0.14)',
  scrollbarSliderHoverBackground: 'rgba(230, 237, 243, 0.26)',
  scrollbarSliderActiveBackground: 'rgba(230, 237, 243, 0.36)',
  black: '#484f58',
  red: '#ff7b72',
  green: '#3fb950',
  yellow: '#d29922',
  blue: '#58a6ff',
  magenta: '#bc8cff',
  cyan: '#39c5cf',
  white: '#b1bac4',
  brightBlack: '#6e7681',
  brightRed: '#ffa198',
  brightGreen: '#56d364',
  brightYellow: '#e3b341',
  brightBlue: '#79c0ff',
  brightMagenta: '#d2a8ff',
  brightCyan: '#56d4dd',
  brightWhite: '#ffffff',
};

export const LIGHT_THEME: ITheme = {
  background: '#fbfcfd',
  foreground: '#1f2328',
  cursor: '#0f766e',
  cursorAccent: '#fbfcfd',
  selectionBackground: '#0f766e33',
  scrollbarSliderBackground: 'rgba(31, 35, 40, 0.14)',
  scrollbarSliderHoverBackground: 'rgba(31, 35, 40, 0.26)',
  scrollbarSliderActiveBackground: 'rgba(31, 35, 40, 0.36)',
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#7d4e00',
  blue: '#0969da',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#218bff',
  brightMagenta: '#a475f9',
  brightCyan: '#3192aa',
  brightWhite: '#8c959f',
};

export const TERMINAL_FONT_FAMILY =
  'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';
