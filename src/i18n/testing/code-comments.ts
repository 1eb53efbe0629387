/**
 * A code listing with its comments taken out, so that a translated page can be held to the English listing byte
 * for byte while its comments are in another language. The scanner knows just enough of each language to tell a
 * comment from the same characters inside a string: `#include` is C, not a comment; `'http://…'` in JavaScript
 * is a string; a Python docstring counts as a comment, an assigned triple-quoted string does not. A line that held
 * only a comment disappears (a translation may use fewer or more comment lines), other lines lose the comment and
 * the blanks before it, and blank lines stay.
 */

/** How a fenced block's language writes comments. */
export type CommentSyntax = 'c' | 'js' | 'python' | 'shell' | 'none';

export function commentSyntax(lang: string): CommentSyntax {
  switch (lang.toLowerCase()) {
    case 'c':
    case 'h':
    case 'cpp':
      return 'c';
    case 'js':
    case 'mjs':
    case 'javascript':
    case 'ts':
    case 'typescript':
      return 'js';
    case 'python':
    case 'py':
      return 'python';
    case 'bash':
    case 'sh':
    case 'shell':
      return 'shell';
    default:
      // `text` (program output, formulas) and `json` have no comments: every byte must match.
      return 'none';
  }
}

/** Where a comment was removed; never in a listing, which is text. */
const CUT = '\u0000';

/** `code` without its comments, in the given fenced-block language. */
export function stripComments(code: string, lang: string): string {
  const syntax = commentSyntax(lang);
  if (syntax === 'none') return code;
  const cut = syntax === 'python' ? scanPython(code) : syntax === 'shell' ? scanShell(code) : scanC(code, syntax);
  return cut
    .split('\n')
    .flatMap((line) => {
      if (!line.includes(CUT)) return [line];
      const kept = line.replaceAll(CUT, '').trimEnd();
      return kept.trim() === '' ? [] : [kept];
    })
    .join('\n');
}

function lineAt(code: string, index: number): number {
  return code.slice(0, index).split('\n').length;
}

/** Where the line that `index` is on ends: at its newline, or at the end of the code. */
function lineEnd(code: string, index: number): number {
  const end = code.indexOf('\n', index);
  return end === -1 ? code.length : end;
}

/** A comment or docstring taken out: its line breaks stay, each marked, so lines inside it vanish. */
function cut(comment: string): string {
  return CUT + comment.replace(/[^\n]/g, '').replaceAll('\n', `${CUT}\n${CUT}`);
}

/** The index just after the closing quote of the string that opens at `start`. */
function stringEnd(code: string, start: number, quote: string, multiline: boolean, escapes = true): number {
  let i = start + quote.length;
  while (i < code.length) {
    if (escapes && code[i] === '\\') {
      i += 2;
      continue;
    }
    if (code.startsWith(quote, i)) return i + quote.length;
    // An unterminated one-line string ends at the line's end, as the compiler would report it there.
    if (!multiline && code[i] === '\n') return i;
    i++;
  }
  if (multiline) throw new Error(`unclosed ${quote} string at line ${lineAt(code, start)}`);
  return i;
}

/** C and JavaScript: `//` to the end of the line and `/* … *\/`, outside '…', "…" (and `…` in JavaScript). */
function scanC(code: string, syntax: 'c' | 'js'): string {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const ch = code[i] ?? '';
    if (ch === '"' || ch === "'" || (syntax === 'js' && ch === '`')) {
      const end = stringEnd(code, i, ch, ch === '`');
      out += code.slice(i, end);
      i = end;
    } else if (code.startsWith('//', i)) {
      out += CUT;
      i = lineEnd(code, i);
    } else if (code.startsWith('/*', i)) {
      const end = code.indexOf('*/', i + 2);
      if (end === -1) throw new Error(`unclosed /* comment at line ${lineAt(code, i)}`);
      out += cut(code.slice(i, end));
      i = end + 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Python: `#` to the end of the line outside strings, and docstrings (a string that is a whole statement). */
function scanPython(code: string): string {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const ch = code[i] ?? '';
    if (ch === '#') {
      out += CUT;
      i = lineEnd(code, i);
    } else if (ch === '"' || ch === "'") {
      const triple = code.startsWith(ch.repeat(3), i);
      const end = stringEnd(code, i, triple ? ch.repeat(3) : ch, triple);
      const lineStart = out.lastIndexOf('\n') + 1;
      const startsStatement = out.slice(lineStart).trim() === '';
      const endsStatement = /^\s*(#.*)?$/.test(code.slice(end, lineEnd(code, end)));
      if (triple && startsStatement && endsStatement) {
        // PEP 257: a docstring documents, like a comment.
        out += cut(code.slice(i, end));
      } else {
        out += code.slice(i, end);
      }
      i = end;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** POSIX shell: a word that begins with `#` starts a comment (XCU §2.3), outside '…' and "…". */
function scanShell(code: string): string {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const ch = code[i] ?? '';
    const previous = out.at(-1);
    if (ch === '#' && (previous === undefined || /\s/.test(previous))) {
      out += CUT;
      i = lineEnd(code, i);
    } else if (ch === '"' || ch === "'") {
      // Inside '…' a backslash is an ordinary character (XCU §2.2.2).
      const end = stringEnd(code, i, ch, true, ch === '"');
      out += code.slice(i, end);
      i = end;
    } else if (ch === '\\') {
      out += code.slice(i, i + 2);
      i += 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
