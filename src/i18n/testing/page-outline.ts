/**
 * What a lesson or reference page and its translation must share, read from the page's source: its front matter,
 * the anchors of its headings (explicit `{#id}`, or the slug Docusaurus makes of the heading's text, with the
 * same slugger), its `<Lab id>`s, the targets of its links, the components it uses and the attributes that tie
 * them to the site (a lab's id, a step's check, a tab's value), the shape of its diagrams and the protocol tokens
 * in them, and its code blocks. Prose is free to differ; the outline is not.
 */

import { createSlugger } from '@docusaurus/utils';
import { stripComments } from './code-comments';
import { fencedBlocks, withoutFencedBlocks } from './fenced-blocks';

export interface Heading {
  readonly depth: number;
  readonly text: string;
  /** The id of the heading on the built page, which deep links use. */
  readonly anchor: string;
  /** True when the source says `{#anchor}` rather than leaving it to the slugger. */
  readonly explicit: boolean;
  /** The heading's line in the page, from 1. */
  readonly line: number;
}

export interface PageOutline {
  /** Front matter fields, as written. */
  readonly frontMatter: ReadonlyMap<string, string>;
  /** Headings of depth 2 and more, in order (the page's title is the h1, translated freely). */
  readonly headings: readonly Heading[];
  readonly labs: readonly string[];
  /** Link targets, sorted: a translation may reorder the links of a sentence, but not drop or add one. */
  readonly links: readonly string[];
  /**
   * Every component tag in order, with the attributes that tie it to the site: `Lab id`, `LabStep check`,
   * `Tabs groupId`, `TabItem value` (so a tab chosen on one page is chosen on the others, in both languages).
   */
  readonly components: readonly string[];
  /** Each diagram's component and the skeleton of its steps (arrows, notes and whom they are over). */
  readonly diagrams: readonly string[];
  /** The protocol tokens on each diagram arrow and link (`SYN`, `ACK`, `Seq=0`, addresses and ports). */
  readonly protocolTokens: readonly string[];
  /** Every fenced block as `lang meta` (a caption title as `title=<caption>`) and its body without comments. */
  readonly code: readonly { readonly info: string; readonly body: string }[];
}

/** `## Title \{#anchor}` (MDX escapes the brace) or `## Title {#anchor}`. */
const HEADING = /^(#{1,6})\s+(.*?)\s*$/;
const EXPLICIT_ID = /\s*\\?\{#([^}\s]+)\}\s*$/;

/** A heading's source as the text Docusaurus slugs: inline code, emphasis and link syntax reduced to their text. */
function plainText(source: string): string {
  return source
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__|\*|_)(.+?)\1/g, '$2');
}

export function headings(markdown: string): Heading[] {
  const slugger = createSlugger();
  const found: Heading[] = [];
  for (const [index, line] of withoutFencedBlocks(markdown).split('\n').entries()) {
    const match = HEADING.exec(line);
    if (match === null) continue;
    const depth = match[1]!.length;
    const source = match[2] ?? '';
    const id = EXPLICIT_ID.exec(source)?.[1];
    const text = plainText(source.replace(EXPLICIT_ID, ''));
    // Docusaurus's remark plugin: an explicit id is taken as it is, any other heading goes through one slugger
    // per page, which numbers repeats (`error`, `error-1`).
    found.push({ depth, text, anchor: id ?? slugger.slug(text), explicit: id !== undefined, line: index + 1 });
  }
  return found;
}

function frontMatter(markdown: string): Map<string, string> {
  const fields = new Map<string, string>();
  const match = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  for (const line of (match?.[1] ?? '').split('\n')) {
    const field = /^([A-Za-z_]+):\s*(.*)$/.exec(line);
    if (field !== null) fields.set(field[1]!, field[2]!);
  }
  return fields;
}

/**
 * What a diagram's text must keep in any language: flags and states in capitals (`SYN, ACK`, `FIN-WAIT-1`,
 * `SACK_PERM`), numbered fields (`Seq=0`, `MSS=65495`), addresses with their ports, and bare numbers.
 */
const PROTOCOL_TOKEN =
  /\b(?:[A-Z][A-Z0-9]+(?:[-_][A-Z0-9]+)*(?:=\d+)?|(?:Seq|Ack|Len|Win)=\d+|\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?|\d+)\b/g;

function diagramParts(prose: string): { diagrams: string[]; protocolTokens: string[] } {
  const diagrams: string[] = [];
  const protocolTokens: string[] = [];
  for (const match of prose.matchAll(/<(SequenceDiagram|SocketPairDiagram)\b([\s\S]*?)\/>/g)) {
    const [, component = '', props = ''] = match;
    const steps = [...props.matchAll(/\{\s*(?:from:\s*(\d+),\s*to:\s*(\d+)|note:[\s\S]*?over:\s*('both'|\d+))/g)].map(
      ([, from, to, over]) => (over === undefined ? `${from}→${to}` : `note over ${over}`),
    );
    diagrams.push(`${component}: ${steps.join(', ')}`);
    // Every string in the props: participants, labels, notes, box titles and lines, the link.
    for (const text of props.matchAll(/(['"])((?:\\.|(?!\1).)*)\1/g)) {
      const tokens = (text[2] ?? '').match(PROTOCOL_TOKEN);
      if (tokens !== null) protocolTokens.push(tokens.join(' '));
    }
  }
  return { diagrams, protocolTokens };
}

export function pageOutline(markdown: string): PageOutline {
  const prose = withoutFencedBlocks(markdown);
  // Inline code may hold what looks like a link (`[SYN]`) or a lab (`<Lab id="…" />` quoted in the protocol
  // reference); links and labs are read from the rest of the prose.
  const outsideCode = prose.replace(/`[^`\n]*`/g, '');
  return {
    frontMatter: frontMatter(markdown),
    headings: headings(markdown).filter((heading) => heading.depth >= 2),
    labs: [...outsideCode.matchAll(/<Lab\s+id="([^"]+)"/g)].map((match) => match[1]!),
    links: [...outsideCode.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).sort(),
    components: [...outsideCode.matchAll(/<([A-Z]\w*)\b([^>]*?)\/?>/g)].map(([, name = '', attributes = '']) => {
      const keys = [...attributes.matchAll(/\b(id|check|groupId|value)="([^"]*)"/g)].map(
        ([, key, value]) => `${key}=${value}`,
      );
      return [name, ...keys].join(' ');
    }),
    ...diagramParts(prose),
    code: fencedBlocks(markdown).map((block) => ({
      // A caption is prose, worded by each language; a file name is not.
      info: `${block.lang} ${block.file === undefined ? block.meta.replace(/\btitle="[^"]*"/, 'title=<caption>') : block.meta}`.trim(),
      body: stripComments(block.body, block.lang),
    })),
  };
}
