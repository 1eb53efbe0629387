/**
 * What a lesson or reference page and its translation must share, read from the page's source: its front matter,
 * the anchors of its headings (explicit `{#id}`, or the slug Docusaurus makes of the heading's text, with the
 * same slugger), its `<Lab id>`s, the targets of its links, the components it uses and the attributes that tie
 * them to the site (a lab's id, a step's check, a tab's value), the shape of its diagrams and the protocol tokens
 * in them, and its code blocks: listings without their comments, and lab-terminal transcripts reduced to what
 * was typed and the calls narrated (the shell explains them in the page's language). Prose is free to differ;
 * the outline is not.
 */

import { createSlugger } from '@docusaurus/utils';
import type { Locale } from '../locales';
import { stripComments } from './code-comments';
import { type FencedBlock, fencedBlocks, withoutFencedBlocks } from './fenced-blocks';
import { isLabTerminal, LAB_TERMINAL_CAPTION, transcriptSkeleton } from './lab-transcripts';

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
  /**
   * Every fenced block as `lang meta` (a caption title as `title=<caption>`, the lab terminal's as
   * `title=<lab terminal>`) and its body: without comments, or for a lab-terminal transcript its skeleton.
   */
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

/** A block as every language must have it, read in the language of its page. */
function codeOutline(block: FencedBlock, locale: Locale): { info: string; body: string } {
  if (isLabTerminal(block.title, locale)) {
    const meta = block.meta.replace(`title="${LAB_TERMINAL_CAPTION[locale]}"`, 'title=<lab terminal>');
    return { info: `${block.lang} ${meta}`.trim(), body: transcriptSkeleton(block.body) };
  }
  // A caption is prose, worded by each language; a file name is not.
  const meta = block.file === undefined ? block.meta.replace(/\btitle="[^"]*"/, 'title=<caption>') : block.meta;
  return { info: `${block.lang} ${meta}`.trim(), body: stripComments(block.body, block.lang) };
}

/** The outline of a page written in `locale`, which says how its lab-terminal blocks are captioned. */
export function pageOutline(markdown: string, locale: Locale): PageOutline {
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
    code: fencedBlocks(markdown).map((block) => codeOutline(block, locale)),
  };
}
