/**
 * The fenced code blocks of a Markdown or MDX page, in order, as the tests that read lesson pages need them: the
 * listing tests run the blocks whose `title="…"` names a file, and the translation test compares every block of a
 * page with its translation. A title that is not a file name is a caption (`title="lab terminal"`), which a
 * translation words in its own language. A block indented under a list item loses that indentation, as it does
 * on the page.
 */

/** A title that names a file: one word with an extension (`client.py`), not a caption (`your shell (Linux)`). */
const FILE_NAME = /^[\w.-]+\.\w+$/;

export interface FencedBlock {
  /** The language after the fence (`python`, `c`, `text`, …); empty when there is none. */
  readonly lang: string;
  /** The rest of the info string, such as `title="client.py"`. */
  readonly meta: string;
  /** The `title="…"` of the meta, if it has one. */
  readonly title: string | undefined;
  /** The title, when it names a file (a listing); undefined for a caption or no title. */
  readonly file: string | undefined;
  /** The block's lines, without the fences and without the fence's indentation, each ending in a newline. */
  readonly body: string;
  /** The line of the opening fence, from 1. */
  readonly line: number;
}

/** Every fenced block of the page; throws on a block that is never closed. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i] ?? '');
    if (open === null) continue;
    const indent = open[1] ?? '';
    const fence = open[2] ?? '';
    const info = (open[3] ?? '').trim();
    let end = i + 1;
    // CommonMark §4.5: the closing fence is at least as long as the opening one, with nothing after it.
    const close = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    while (end < lines.length && !close.test(lines[end] ?? '')) end++;
    if (end >= lines.length) throw new Error(`unclosed code block at line ${i + 1}`);
    const [lang = '', ...rest] = info.split(/\s+/);
    const meta = rest.join(' ');
    const title = /\btitle="([^"]+)"/.exec(meta)?.[1];
    const body = lines.slice(i + 1, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
    blocks.push({
      lang,
      meta,
      title,
      file: title !== undefined && FILE_NAME.test(title) ? title : undefined,
      body: `${body.join('\n')}\n`,
      line: i + 1,
    });
    i = end;
  }
  return blocks;
}

/** The page with every fenced block's lines blanked, so that what looks like a heading inside code is not one. */
export function withoutFencedBlocks(markdown: string): string {
  const lines = markdown.split('\n');
  for (const block of fencedBlocks(markdown)) {
    const count = block.body.split('\n').length - 1;
    for (let line = block.line - 1; line <= block.line + count; line++) lines[line] = '';
  }
  return lines.join('\n');
}
