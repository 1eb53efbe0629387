/**
 * Splits what xterm sends (`onData`: typed characters, pasted text, escape sequences for arrows and function
 * keys, all concatenated) into keys the line editor understands. Unknown escape sequences are consumed whole
 * and ignored, so a stray key never ends up as garbage in the student's command line.
 */

export type Key =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind:
        | 'enter'
        | 'backspace'
        | 'delete'
        | 'left'
        | 'right'
        | 'up'
        | 'down'
        | 'home'
        | 'end'
        | 'tab'
        | 'ctrl-c'
        | 'ctrl-d'
        | 'ctrl-l'
        | 'ctrl-u'
        | 'ctrl-k'
        | 'ctrl-w'
        | 'word-left'
        | 'word-right'
        | 'ignored';
    };

const CSI_FINAL: Readonly<Record<string, Key['kind']>> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
};

const TILDE: Readonly<Record<string, Key['kind']>> = {
  '1': 'home',
  '3': 'delete',
  '4': 'end',
  '7': 'home',
  '8': 'end',
};

const CONTROL: Readonly<Record<string, Key['kind']>> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\t': 'tab',
  '\x03': 'ctrl-c',
  '\x04': 'ctrl-d',
  '\x0c': 'ctrl-l',
  '\x15': 'ctrl-u',
  '\x0b': 'ctrl-k',
  '\x17': 'ctrl-w',
  '\x01': 'home',
  '\x05': 'end',
  '\x02': 'left',
  '\x06': 'right',
  '\x10': 'up',
  '\x0e': 'down',
};

export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let text = '';
  const flush = (): void => {
    if (text.length > 0) keys.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < data.length) {
    const char = data[i]!;
    if (char === '\x1b') {
      flush();
      i = parseEscape(data, i, keys);
      continue;
    }
    const control = CONTROL[char];
    if (control !== undefined) {
      flush();
      // CR LF from a paste is one Enter, not two.
      if (char === '\r' && data[i + 1] === '\n') i++;
      keys.push({ kind: control } as Key);
    } else if (char < ' ') {
      flush();
      keys.push({ kind: 'ignored' });
    } else {
      text += char;
    }
    i++;
  }
  flush();
  return keys;
}

function parseEscape(data: string, start: number, keys: Key[]): number {
  const next = data[start + 1];
  if (next === '[') {
    // CSI: parameters and intermediates, then one final byte in @–~.
    let end = start + 2;
    while (end < data.length && !/[@-~]/.test(data[end]!)) end++;
    const params = data.slice(start + 2, end);
    const final = data[end];
    if (final === '~') keys.push({ kind: TILDE[params] ?? 'ignored' } as Key);
    else if (final !== undefined && params.endsWith(';5') && (final === 'C' || final === 'D')) {
      keys.push({ kind: final === 'C' ? 'word-right' : 'word-left' });
    } else if (final !== undefined) keys.push({ kind: CSI_FINAL[final] ?? 'ignored' } as Key);
    return end + 1;
  }
  if (next === 'O') {
    const final = data[start + 2];
    keys.push({ kind: (final !== undefined && CSI_FINAL[final]) || 'ignored' } as Key);
    return start + 3;
  }
  if (next === 'b' || next === 'f') {
    keys.push({ kind: next === 'b' ? 'word-left' : 'word-right' });
    return start + 2;
  }
  keys.push({ kind: 'ignored' });
  return next === undefined ? start + 1 : start + 2;
}
