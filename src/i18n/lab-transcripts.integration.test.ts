/**
 * Every lab-terminal transcript of the lessons, in every language, is what the real lab shell prints there. For
 * each page, its lab's servers start as a session starts them (titled in the page's language, on loopback), a
 * shell in the page's language types the commands of the page's transcripts in order, and each block must show
 * the lines the terminal shows for its commands, one for one, with only ports and durations masked. So a Chinese
 * transcript that keeps the English explanation fails, as does a call, a result or a note that the shell does
 * not print, or prints differently; the last test makes sure of it on a page changed on purpose. The session's
 * faults are real (nftables), so a transcript may show `loss 20` or `fault silence echo on` and what follows;
 * where the packet filter is out of reach, a page whose transcripts set loss or silence is skipped, saying why.
 * The assistant servers' consoles are the shell's, as in a session, for `listen`.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../lab-server/config';
import { FaultService } from '../../lab-server/faults/fault-service';
import { loadOrCreateClassPki } from '../../lab-server/pki/class-pki';
import { PortPool } from '../../lab-server/ports/port-pool';
import { isTlsServerKind, serverStarter } from '../../lab-server/servers';
import type { RunningServer } from '../../lab-server/servers/observation';
import { SessionFaults } from '../../lab-server/sessions/session-faults';
import { SessionTls } from '../../lab-server/sessions/session-tls';
import { MiniTerminal } from '../../lab-server/testing/mini-terminal';
import { ShellHarness, shellFaults, shellServer } from '../../lab-server/testing/shell-harness';
import { testDataDir } from '../../lab-server/testing/test-data-dir';
import { LABS } from '../../labs/index';
import { pick } from '../common/localized';
import { docsDir, LOCALES, type Locale } from './locales';
import { fencedBlocks } from './testing/fenced-blocks';
import { isLabTerminal, maskRunDetails, transcriptLines } from './testing/lab-transcripts';
import { pageOutline } from './testing/page-outline';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The docs of a language that show the lab terminal, by their path under its docs folder. */
function docsWithTranscripts(locale: Locale): string[] {
  const dir = path.join(ROOT, docsDir(locale));
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.mdx?$/.test(file))
    .map((file) => file.split(path.sep).join('/'))
    .filter((doc) => fencedBlocks(read(locale, doc)).some((block) => isLabTerminal(block.title, locale)))
    .sort();
}

/**
 * What a lesson has the student type before its first transcript, so the shell is in the state the transcript
 * shows (a note the shell says once a session is not said again).
 */
const TYPED_BEFORE: Readonly<Record<string, readonly string[]>> = {
  // Step 1 closes a connection in order; step 2's transcript is the refusal that follows.
  'tcp/closing.mdx': ['connect echo', 'send Hello,world!', 'recv', 'close'],
};

/** The lab server's faults, for every page's session; those that drop packets need nftables and its rights. */
const FAULT_SERVICE = await FaultService.start();

/** The class PKI, made once for the file, as a lab server makes it on first use; TLS pages' sessions share it. */
const CLASS_PKI = loadOrCreateClassPki({
  dir: path.join(testDataDir(), 'pki'),
  names: ['localhost', '127.0.0.1', '::1'],
});

/** Typed lines that set a fault dropping packets in the kernel, which a lab server without nftables cannot. */
const SETS_DROPPING_FAULT = /^(loss\s|fault\s+(loss|silence)\s)/;

/** How long one typed command may run: `sleep` and a blocked send wait up to a minute. */
const COMMAND_MS = 70_000;

/** The prompt as the harness's shell shows it, whose lab id is not the page's. */
const ANY_PROMPT = /^socketlab:[a-z0-9-]+\$/;

/** How long output may keep coming after the prompt is back: news of data that arrives meanwhile. */
const SETTLE_MS = 150;

interface BlockReplay {
  readonly line: number;
  readonly expected: readonly string[];
  readonly actual: readonly string[];
}

/** Waits until the shell has written nothing for SETTLE_MS (at most 3 s). */
async function settled(h: ShellHarness): Promise<void> {
  const deadline = Date.now() + 3000;
  let length = -1;
  while (h.raw.length !== length && Date.now() < deadline) {
    length = h.raw.length;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }
}

/** The screen of a terminal as wide as the harness's shell, which wraps nothing. */
function screen(h: ShellHarness): string[] {
  const terminal = new MiniTerminal(300);
  terminal.write(h.raw);
  return terminal.lines();
}

/**
 * Replays the lab-terminal blocks of a page against its lab's servers: for each block, what it shows and what the
 * terminal shows for the commands on its prompt lines, with the harness's prompt given the page's lab id.
 */
async function replay(doc: string, markdown: string, locale: Locale): Promise<BlockReplay[]> {
  const [labId, ...more] = pageOutline(markdown, locale).labs;
  assert.equal(more.length, 0, `${locale} ${doc}: one lab`);
  const lab = LABS.find((candidate) => candidate.id === labId);
  assert.ok(lab !== undefined, `${locale} ${doc}: lab ${labId} is in labs/index.ts`);
  const servers: RunningServer[] = [];
  let faults: SessionFaults | undefined;
  let tls: SessionTls | undefined;
  try {
    // As a session of a lab with TLS servers: its own client certificate and key log, the class root for the shell.
    if (lab.servers.some((spec) => isTlsServerKind(spec.kind))) {
      tls = await SessionTls.start(await CLASS_PKI, 'socketlab student');
    }
    // As a session starts them with the default configuration: on loopback, in the lab's port range.
    const config = resolveConfig();
    const ports = new PortPool(config.labPorts);
    for (const spec of lab.servers) {
      const { value: server } = await ports.bindInRange((port) =>
        serverStarter(spec.kind)({
          id: spec.id,
          title: pick(spec.title, locale),
          bindHost: config.labHost,
          publicHost: config.publicHost,
          port,
          ...(tls === undefined ? {} : { tls: tls.context }),
        }),
      );
      servers.push(server);
    }
    // As a session gives them to its shell: the lab's faults on these servers, the assistants' consoles.
    faults = await SessionFaults.start(lab.faults ?? [], servers, FAULT_SERVICE);
    const assistants = servers.flatMap((server) =>
      server.assistant === undefined ? [] : [{ server: shellServer(server.info), console: server.assistant }],
    );
    const h = new ShellHarness(
      servers.map((server) => server.info),
      undefined,
      { locale, assistants, faults: shellFaults(faults), ...(tls === undefined ? {} : { tls: tls.shell }) },
    );
    try {
      for (const command of TYPED_BEFORE[doc] ?? []) await h.run(command, COMMAND_MS);
      await settled(h);
      const replays: BlockReplay[] = [];
      for (const block of fencedBlocks(markdown).filter((candidate) => isLabTerminal(candidate.title, locale))) {
        const lines = transcriptLines(block.body);
        const first = lines[0];
        assert.ok(
          first?.kind === 'prompt' && first.lab === labId,
          `${locale} ${doc}: the transcript at line ${block.line} starts with the prompt socketlab:${labId}$`,
        );
        // The shell's idle prompt is the last line on the screen; the block's output starts there.
        const start = screen(h).length - 1;
        for (const line of lines) {
          if (line.kind !== 'prompt') continue;
          await h.run(line.typed, COMMAND_MS);
          await settled(h);
        }
        const shown = screen(h);
        replays.push({
          line: block.line,
          expected: lines.map((line) => line.text),
          actual: shown.slice(start, -1).map((line) => line.replace(ANY_PROMPT, `socketlab:${labId}$`)),
        });
      }
      return replays;
    } finally {
      h.shell.dispose();
    }
  } finally {
    await faults?.dispose();
    for (const server of servers) server.dispose();
    await tls?.dispose();
  }
}

/** Why a page cannot be replayed here: its transcripts set a fault that needs the packet filter, out of reach. */
function unreplayable(markdown: string, locale: Locale): string | undefined {
  const reason = FAULT_SERVICE.unavailable;
  if (reason === undefined) return undefined;
  const typed = fencedBlocks(markdown)
    .filter((block) => isLabTerminal(block.title, locale))
    .flatMap((block) => transcriptLines(block.body))
    .flatMap((line) => (line.kind === 'prompt' ? [line.typed] : []));
  return typed.some((line) => SETS_DROPPING_FAULT.test(line)) ? `it sets loss or silence: ${reason.en}` : undefined;
}

/**
 * A line as `maskRunDetails` masks it, and a duration in tenths of a second too (`blocked 5.1 s`, `睡了 1.0 秒`),
 * which the shell says of calls that wait (send, sleep).
 */
function masked(line: string): string {
  return maskRunDetails(line).replace(/\b\d+\.\d (s\b|秒)/g, 'N $1');
}

function mismatches(doc: string, replays: readonly BlockReplay[]): string[] {
  return replays.flatMap(({ line, expected, actual }) => {
    const [want, got] = [expected.map(masked), actual.map(masked)];
    return JSON.stringify(want) === JSON.stringify(got)
      ? []
      : [
          `${doc}:${line}\n  the page shows:\n    ${want.join('\n    ')}\n  the shell prints:\n    ${got.join('\n    ')}`,
        ];
  });
}

function read(locale: Locale, doc: string): string {
  return readFileSync(path.join(ROOT, docsDir(locale), doc), 'utf8');
}

describe('lab-terminal transcripts are what the lab shell prints', () => {
  after(() => FAULT_SERVICE.stop());
  for (const locale of LOCALES) {
    const docs = docsWithTranscripts(locale);
    it(`${locale}: the lessons show the lab terminal`, () => {
      assert.ok(docs.includes('tcp/first-connection.mdx'), `found ${docs.join(', ')}`);
    });
    for (const doc of docs) {
      it(`${locale} ${doc}`, async (t) => {
        const markdown = read(locale, doc);
        const why = unreplayable(markdown, locale);
        if (why !== undefined) return t.skip(why);
        const replays = await replay(doc, markdown, locale);
        assert.ok(replays.length > 0, `${locale} ${doc} has lab-terminal transcripts`);
        assert.deepEqual(mismatches(doc, replays), []);
      });
    }
  }

  it('fails a Chinese transcript that explains in English, or narrates a call the shell does not make', async () => {
    const doc = 'tcp/first-connection.mdx';
    const chinese = read('zh-Hans', doc);
    const english = read('en', doc);
    const note = /^ +\(the lab shell numbers fds.*$/m.exec(english)?.[0];
    const chineseNote = /^ +（实验 shell 像普通进程那样给 fd 编号.*$/m.exec(chinese)?.[0];
    assert.ok(note !== undefined && chineseNote !== undefined, 'both pages quote the note on fd numbers');
    const leftInEnglish = chinese.replace(chineseNote, note);
    const otherCall = chinese.replace('recv(fd 3, 1024) = 12 bytes', 'recv(fd 3, 512) = 12 bytes');
    for (const [what, page] of [
      ['an English explanation', leftInEnglish],
      ['another call', otherCall],
    ] as const) {
      assert.notEqual(page, chinese, `${what}: the page was changed`);
      assert.equal(mismatches(doc, await replay(doc, page, 'zh-Hans')).length, 1, `${what} is found`);
    }
  });
});
