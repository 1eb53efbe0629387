/**
 * Tests of the lab connection against an in-memory socket and a manual clock: the hello it sends, resuming
 * from storage, reconnecting with backoff and giving up, fatal errors, decode failures, input splitting,
 * resize, the capture messages and answers to capture questions. No browser and no server: the fake socket records what was sent and lets the test play the server.
 */

import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { type Locale, verbatim } from '../common/localized';
import { MAX_ANSWER_CHARS, MAX_INPUT_CHARS, PROTOCOL_VERSION, type WelcomeMessage } from '../protocol';
import { type ConnectionStatus, LabConnection } from './lab-connection';
import type { LabSocket, LabSocketHandlers } from './lab-socket';
import { ManualClock } from './manual-clock';
import type { LabNotice } from './message-dispatch';
import { TcpConversation } from './packet-fixtures';
import { resumeKey } from './resume-store';
import { memoryStorage } from './testing/memory-storage';
import { expiredChain, tls13Handshake } from './testing/tls-fixtures';
import { truncateAnswer } from './truncate-answer';
import { welcomeMessage } from './welcome-fixture';

/** Why the connection is down, in one language. */
function reason(c: LabConnection, locale: Locale = 'en'): string {
  const { status } = c;
  return status.state === 'reconnecting' || status.state === 'failed' ? status.reason[locale] : '';
}

class FakeSocket implements LabSocket {
  readonly sent: unknown[] = [];
  closed = false;
  constructor(
    readonly url: string,
    readonly handlers: LabSocketHandlers,
  ) {}
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  close(): void {
    this.closed = true;
  }
  /** Plays the server: sends a message object as a JSON text frame. */
  receive(message: object): void {
    this.handlers.onMessage(JSON.stringify(message));
  }
}

function welcome(overrides: Partial<WelcomeMessage> = {}): WelcomeMessage {
  return welcomeMessage({
    servers: [
      { id: 'echo', kind: 'tcp-echo', title: 'TCP echo server', transport: 'tcp', host: '127.0.0.1', port: 20417 },
    ],
    checks: [{ id: 'connect', title: 'Connect', state: 'pending', detail: 'Not yet.' }],
    ...overrides,
  });
}

describe('LabConnection', () => {
  let sockets: FakeSocket[];
  let clock: ManualClock;
  let storage: ReturnType<typeof memoryStorage>;
  let statuses: ConnectionStatus[];
  let notices: LabNotice[];

  function connection(locale?: Locale): LabConnection {
    const c = new LabConnection({
      lab: 'tcp-echo',
      url: 'ws://127.0.0.1:8080/ws',
      ...(locale === undefined ? {} : { locale }),
      storage,
      clock,
      random: () => 0.5,
      socketFactory: (url, handlers) => {
        const socket = new FakeSocket(url, handlers);
        sockets.push(socket);
        return socket;
      },
    });
    c.onStatus((status) => statuses.push(status));
    c.onNotice((notice) => notices.push(notice));
    return c;
  }

  const last = (): FakeSocket => sockets[sockets.length - 1]!;

  beforeEach(() => {
    sockets = [];
    clock = new ManualClock();
    storage = memoryStorage();
    statuses = [];
    notices = [];
  });

  it('says hello with the protocol version, lab and terminal size, and goes live on welcome', () => {
    const c = connection();
    c.resize(100, 30);
    c.start();
    assert.equal(last().url, 'ws://127.0.0.1:8080/ws');
    last().handlers.onOpen();
    assert.deepEqual(last().sent, [
      { type: 'hello', protocol: PROTOCOL_VERSION, lab: 'tcp-echo', cols: 100, rows: 30 },
    ]);
    let welcomed: WelcomeMessage | undefined;
    c.onWelcome((w) => {
      welcomed = w;
    });
    last().receive(welcome());
    assert.equal(welcomed?.session, 'S1');
    assert.deepEqual(c.status, { state: 'live', resumed: false });
    assert.deepEqual(
      statuses.map((s) => s.state),
      ['connecting', 'live'],
    );
    assert.deepEqual(JSON.parse(storage.map.get(resumeKey('tcp-echo'))!), { session: 'S1', token: 'T1' });
  });

  it('names the page’s language in the hello, so the session speaks it', () => {
    const c = connection('zh-Hans');
    c.start();
    last().handlers.onOpen();
    assert.deepEqual(last().sent[0], { type: 'hello', protocol: PROTOCOL_VERSION, lab: 'tcp-echo', locale: 'zh-Hans' });
  });

  it('resumes the stored session', () => {
    storage.setItem(resumeKey('tcp-echo'), JSON.stringify({ session: 'S9', token: 'T9' }));
    const c = connection();
    c.start();
    last().handlers.onOpen();
    assert.deepEqual(last().sent[0], {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      lab: 'tcp-echo',
      resume: { session: 'S9', token: 'T9' },
    });
  });

  it('ignores a damaged resume entry', () => {
    storage.setItem(resumeKey('tcp-echo'), '{"session":"bad id!","token":"x"}');
    const c = connection();
    c.start();
    last().handlers.onOpen();
    assert.equal((last().sent[0] as { resume?: unknown }).resume, undefined);
  });

  it('passes output, checks and events on', () => {
    const c = connection();
    const seen: string[] = [];
    c.onOutput((data) => seen.push(`output:${data}`));
    c.onCheck((check) => seen.push(`check:${check.id}:${check.state}`));
    c.onEvent((event) => seen.push(`event:${event.seq}:${event.kind}`));
    c.start();
    last().handlers.onOpen();
    last().receive(welcome());
    last().receive({ type: 'output', data: '$ ' });
    last().receive({ type: 'check', check: { id: 'connect', title: 'Connect', state: 'passed', detail: 'Yes.' } });
    last().receive({
      type: 'event',
      event: { seq: 1, time: 5, server: 'echo', connection: 1, kind: 'accept', peer: '127.0.0.1:5000' },
    });
    assert.deepEqual(seen, ['output:$ ', 'check:connect:passed', 'event:1:accept']);
  });

  it('passes packets, capture changes, gaps and questions on', () => {
    const c = connection();
    const seen: string[] = [];
    c.onPacket((packet) => seen.push(`packet:${packet.id}:${packet.tcp?.flagNames}`));
    c.onCapture((capture) => seen.push(`capture:${capture.state}`));
    c.onGap((gap) => seen.push(`gap:${gap.after}`));
    c.onQuestion((question) => seen.push(`question:${question.id}:${question.state}`));
    c.start();
    last().handlers.onOpen();
    last().receive(welcome());
    const [syn] = new TcpConversation({ firstId: 7 }).handshake().packets;
    last().receive({ type: 'packet', packet: syn });
    last().receive({ type: 'capture', capture: { state: 'restarting', reason: 'tshark exited.' } });
    last().receive({ type: 'gap', gap: { after: 7, time: 1_760_000_001.5, reason: 'capture restarted' } });
    last().receive({
      type: 'question',
      question: { id: 'isn', prompt: 'Q?', format: 'a number', state: 'passed', detail: 'Right.', answer: '0' },
    });
    assert.deepEqual(seen, ['packet:7:SYN', 'capture:restarting', 'gap:7', 'question:isn:passed']);
    assert.deepEqual(notices, []);
  });

  it('sends answers only when live, cut to MAX_ANSWER_CHARS', () => {
    const c = connection();
    c.start();
    assert.equal(c.sendAnswer('isn', '0'), false);
    last().handlers.onOpen();
    assert.equal(c.sendAnswer('isn', '0'), false);
    last().receive(welcome());
    assert.equal(c.sendAnswer('isn', ' 42 '), true);
    c.sendAnswer('isn', 'x'.repeat(MAX_ANSWER_CHARS + 5));
    const answers = last().sent.filter((m) => (m as { type: string }).type === 'answer') as { value: string }[];
    assert.deepEqual(answers[0], { type: 'answer', question: 'isn', value: ' 42 ' });
    assert.equal(answers[1]?.value.length, MAX_ANSWER_CHARS);
  });

  it('asks about a pasted certificate only when live, leaving out an empty key and host', () => {
    const c = connection();
    c.start();
    const request = { pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' };
    assert.equal(c.inspectCertificate(request), false);
    last().handlers.onOpen();
    last().receive(welcome());
    assert.equal(c.inspectCertificate({ ...request, key: '', host: '' }), true);
    assert.equal(c.inspectCertificate({ ...request, key: 'K', host: 'localhost' }), true);
    const sent = last().sent.filter((m) => (m as { type: string }).type === 'inspect-certificate');
    assert.deepEqual(sent, [
      { type: 'inspect-certificate', ...request },
      { type: 'inspect-certificate', ...request, key: 'K', host: 'localhost' },
    ]);
  });

  it('raises the tls and certificate messages as their events', () => {
    const c = connection();
    const seen: string[] = [];
    c.onTls((handshake) => seen.push(`tls:${handshake.connection}:${handshake.messages.length}`));
    c.onCertificate((report) => seen.push(`certificate:${report.code}`));
    c.start();
    last().handlers.onOpen();
    last().receive(welcome());
    last().receive({ type: 'tls', handshake: tls13Handshake() });
    last().receive({ type: 'certificate', report: expiredChain() });
    assert.deepEqual(seen, [`tls:1:${tls13Handshake().messages.length}`, 'certificate:CERT_HAS_EXPIRED']);
  });

  it('cuts an answer before a surrogate pair rather than through it', () => {
    const value = `${'a'.repeat(MAX_ANSWER_CHARS - 1)}😀`;
    assert.equal(truncateAnswer(value), 'a'.repeat(MAX_ANSWER_CHARS - 1));
    assert.equal(truncateAnswer('short'), 'short');
  });

  it('sends input only when live, splitting long pastes', () => {
    const c = connection();
    c.start();
    c.sendInput('too early');
    last().handlers.onOpen();
    c.sendInput('still too early');
    last().receive(welcome());
    c.sendInput('x'.repeat(MAX_INPUT_CHARS + 10));
    const inputs = last().sent.filter((m) => (m as { type: string }).type === 'input') as { data: string }[];
    assert.deepEqual(
      inputs.map((m) => m.data.length),
      [MAX_INPUT_CHARS, 10],
    );
  });

  it('sends resize when live and the size changed, clamped to the protocol limits', () => {
    const c = connection();
    c.start();
    last().handlers.onOpen();
    last().receive(welcome());
    c.resize(80, 24);
    c.resize(80, 24);
    c.resize(9999, 0);
    const resizes = last().sent.filter((m) => (m as { type: string }).type === 'resize');
    assert.deepEqual(resizes, [
      { type: 'resize', cols: 80, rows: 24 },
      { type: 'resize', cols: 500, rows: 1 },
    ]);
  });

  it('reconnects with growing delays and resumes the same session', () => {
    const c = connection();
    c.start();
    last().handlers.onOpen();
    last().receive(welcome());
    last().handlers.onClose(1006, '');
    assert.equal(c.status.state, 'reconnecting');
    assert.equal((c.status as { retryInMs: number }).retryInMs, 500);
    assert.match(reason(c), /lost \(close code 1006\)/);
    clock.advance(499);
    assert.equal(sockets.length, 1);
    clock.advance(1);
    assert.equal(sockets.length, 2);
    last().handlers.onClose(1006, '');
    assert.equal((c.status as { retryInMs: number }).retryInMs, 1000);
    clock.advance(1000);
    last().handlers.onOpen();
    assert.deepEqual((last().sent[0] as { resume: unknown }).resume, { session: 'S1', token: 'T1' });
    last().receive(welcome({ resumed: true }));
    assert.deepEqual(c.status, { state: 'live', resumed: true });
  });

  it('never waits more than 8 s and gives up after 2 minutes', () => {
    const c = connection();
    c.start();
    const delays: number[] = [];
    for (let i = 0; i < 40 && c.status.state !== 'failed'; i++) {
      last().handlers.onClose(1006, '');
      if (c.status.state === 'reconnecting') {
        delays.push(c.status.retryInMs);
        clock.advance(c.status.retryInMs);
      }
    }
    assert.deepEqual(delays.slice(0, 6), [500, 1000, 2000, 4000, 8000, 8000]);
    assert.ok(Math.max(...delays) <= 8000);
    assert.equal(c.status.state, 'failed');
    assert.match(reason(c), /does not answer.*Gave up after 2 min/);
    assert.equal(clock.pending(), 0);
    // "Try again" starts over.
    c.retryNow();
    assert.equal(c.status.state, 'connecting');
  });

  it('says in Chinese why it waits, and that it gave up', () => {
    const c = connection('zh-Hans');
    c.start();
    last().handlers.onOpen();
    last().receive(welcome());
    last().handlers.onClose(1006, '');
    assert.equal(reason(c, 'zh-Hans'), '与实验服务器的连接断开了（关闭码 1006）。');
    for (let i = 0; i < 40 && c.status.state !== 'failed'; i++) {
      if (c.status.state === 'reconnecting') clock.advance(c.status.retryInMs);
      last().handlers.onClose(1011, 'boom');
    }
    assert.equal(
      reason(c, 'zh-Hans'),
      'ws://127.0.0.1:8080/ws 上的实验服务器没有应答（关闭码 1011：boom）。2 分钟后放弃了重试。',
    );
    c.retryNow();
    last().handlers.onOpen();
    last().receive({ type: 'error', code: 'LAB_ERR_LAB_UNKNOWN', message: '没有这个实验。', fatal: true });
    assert.equal(reason(c, 'zh-Hans'), '没有这个实验。', 'the server’s own words, in the page’s language already');
  });

  it('says in Chinese that it cannot read the server before a welcome', () => {
    const c = connection('zh-Hans');
    c.start();
    last().handlers.onOpen();
    last().handlers.onMessage('not json');
    assert.equal(c.status.state, 'failed');
    assert.match(reason(c, 'zh-Hans'), /^这个页面读不懂实验服务器的应答。请重新加载页面/);
    assert.match(notices[0]?.message['zh-Hans'] ?? '', /^这个页面读不懂一条消息：/);
  });

  it('stops on a fatal error that retrying cannot help, shows it, and forgets the resume ticket', () => {
    const c = connection();
    c.start();
    last().handlers.onOpen();
    last().receive(welcome());
    last().receive({ type: 'error', code: 'LAB_ERR_LAB_UNKNOWN', message: 'No such lab.', fatal: true });
    assert.deepEqual(c.status, { state: 'failed', reason: verbatim('No such lab.'), code: 'LAB_ERR_LAB_UNKNOWN' });
    assert.equal(notices[0]?.code, 'LAB_ERR_LAB_UNKNOWN');
    assert.equal(notices[0]?.source, 'server');
    assert.ok(last().closed);
    last().handlers.onClose(4000, 'LAB_ERR_LAB_UNKNOWN');
    clock.advance(60_000);
    assert.equal(sockets.length, 1);
    assert.equal(storage.map.has(resumeKey('tcp-echo')), false);
  });

  it('says why a session could not start, and retries with backoff until a slot frees', () => {
    const c = connection();
    c.start();
    last().handlers.onOpen();
    last().receive({ type: 'error', code: 'LAB_ERR_SESSION_LIMIT', message: 'Too many sessions.', fatal: true });
    assert.deepEqual(c.status, {
      state: 'reconnecting',
      reason: verbatim('Too many sessions.'),
      attempt: 1,
      retryInMs: 500,
    });
    assert.ok(last().closed);
    clock.advance(500);
    last().handlers.onOpen();
    last().receive({ type: 'error', code: 'LAB_ERR_SESSION_LIMIT', message: 'Too many sessions.', fatal: true });
    assert.equal((c.status as { retryInMs: number }).retryInMs, 1000, 'the pauses grow');
    clock.advance(1000);
    last().handlers.onOpen();
    last().receive(welcome());
    assert.deepEqual(c.status, { state: 'live', resumed: false });
    assert.equal(sockets.length, 3);
  });

  it('learns a refusal from the close frame alone when it missed the error', () => {
    const c = connection();
    c.start();
    last().handlers.onOpen();
    last().receive(welcome());
    last().handlers.onClose(4000, 'LAB_ERR_PAGE_TOO_SLOW');
    assert.equal(c.status.state, 'reconnecting');
    assert.match(reason(c), /fell too far behind/);
    assert.ok(storage.map.has(resumeKey('tcp-echo')), 'the session waits for this page: the ticket is kept');
    clock.advance(500);
    last().handlers.onOpen();
    assert.deepEqual((last().sent[0] as { resume: unknown }).resume, { session: 'S1', token: 'T1' });
  });

  it('says the lab server stopped and reconnects until it is back', () => {
    const c = connection();
    c.start();
    last().handlers.onOpen();
    last().receive(welcome());
    last().receive({ type: 'capture', capture: { state: 'stopped', reason: 'The lab server is stopping.' } });
    last().receive({ type: 'shutdown', message: 'The lab server is stopping; the page reconnects when it is back.' });
    assert.equal(c.status.state, 'reconnecting');
    assert.match(reason(c), /stopping; the page reconnects/);
    last().handlers.onClose(1001, 'LAB_ERR_SERVER_STOPPING');
    // The server is away for a few attempts, then back with a new session.
    for (let i = 0; i < 3; i++) {
      clock.advance((c.status as { retryInMs: number }).retryInMs);
      last().handlers.onClose(1006, '');
      assert.match(reason(c), /stopping/, 'it still says why it waits');
    }
    clock.advance((c.status as { retryInMs: number }).retryInMs);
    last().handlers.onOpen();
    last().receive(welcome({ session: 'S2' }));
    assert.deepEqual(c.status, { state: 'live', resumed: false });
  });

  it('shows a non-fatal error and goes on', () => {
    const c = connection();
    c.start();
    last().handlers.onOpen();
    last().receive(welcome());
    last().receive({ type: 'error', code: 'LAB_ERR_LAB_UNKNOWN', message: 'No.', fatal: false });
    assert.equal(c.status.state, 'live');
    assert.equal(notices.length, 1);
  });

  it('reports a frame it cannot decode without crashing, and goes on when already live', () => {
    const c = connection();
    c.start();
    last().handlers.onOpen();
    last().receive(welcome());
    last().handlers.onMessage('not json');
    last().receive({ type: 'check', check: { id: 'x' } });
    last().receive({ type: 'teleport' });
    last().handlers.onMessage(new ArrayBuffer(4));
    assert.deepEqual(
      notices.map((n) => n.code),
      [
        'LAB_ERR_MESSAGE_MALFORMED',
        'LAB_ERR_MESSAGE_INVALID',
        'LAB_ERR_MESSAGE_UNKNOWN_TYPE',
        'LAB_ERR_MESSAGE_BINARY',
      ],
    );
    assert.ok(notices.every((n) => n.source === 'page' && !n.fatal));
    assert.equal(c.status.state, 'live');
  });

  it('fails when the welcome itself cannot be decoded or has another protocol version', () => {
    const a = connection();
    a.start();
    last().handlers.onOpen();
    last().receive({ ...welcome(), servers: 'none' });
    assert.equal(a.status.state, 'failed');
    a.dispose();

    const b = connection();
    b.start();
    last().handlers.onOpen();
    last().receive(welcome({ protocol: PROTOCOL_VERSION + 1 }));
    assert.deepEqual(b.status.state, 'failed');
    assert.equal((b.status as { code?: string }).code, 'LAB_ERR_PROTOCOL_VERSION');
  });

  it('reports a binary frame before the welcome and goes on waiting for it', () => {
    const c = connection();
    c.start();
    last().handlers.onOpen();
    last().handlers.onMessage(new ArrayBuffer(4));
    assert.deepEqual(
      notices.map((n) => n.code),
      ['LAB_ERR_MESSAGE_BINARY'],
    );
    assert.equal(c.status.state, 'connecting');
    last().receive(welcome());
    assert.equal(c.status.state, 'live');
  });

  it('pings while live and replaces a connection that went silent', () => {
    const c = connection();
    c.start();
    last().handlers.onOpen();
    last().receive(welcome());
    clock.advance(15_000);
    assert.deepEqual(last().sent.at(-1), { type: 'ping', id: 1 });
    last().receive({ type: 'pong', id: 1 });
    clock.advance(15_000);
    assert.deepEqual(last().sent.at(-1), { type: 'ping', id: 2 });
    // No pong from here on: after 45 s of silence the socket is given up and a new one opened.
    clock.advance(30_000);
    assert.ok(sockets[0]!.closed);
    assert.equal(c.status.state, 'reconnecting');
    clock.advance(500);
    assert.equal(sockets.length, 2);
  });

  it('ignores callbacks from a socket it already replaced', () => {
    const c = connection();
    c.start();
    const first = last();
    first.handlers.onOpen();
    first.receive(welcome());
    first.handlers.onClose(1006, '');
    clock.advance(500);
    const outputs: string[] = [];
    c.onOutput((data) => outputs.push(data));
    first.receive({ type: 'output', data: 'stale' });
    assert.deepEqual(outputs, []);
  });

  it('fails at once when the URL is malformed', () => {
    const c = new LabConnection({
      lab: 'tcp-echo',
      url: 'nonsense',
      clock,
      socketFactory: () => {
        throw new SyntaxError('Invalid URL');
      },
    });
    c.start();
    assert.equal(c.status.state, 'failed');
    assert.match(reason(c), /Invalid URL/);
  });

  it('closes everything on dispose', () => {
    const c = connection();
    c.start();
    last().handlers.onOpen();
    last().receive(welcome());
    c.dispose();
    assert.ok(last().closed);
    assert.equal(clock.pending(), 0);
  });
});
