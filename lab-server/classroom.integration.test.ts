/**
 * A classroom, end to end through the real lab server: students join over HTTP and run labs over the lab
 * WebSocket with their cookie; the instructor's dashboard WebSocket gets the roster and follows it live; the
 * instructor watches a student, exports grades, resets a lab and removes a student; strangers and students
 * are refused everything of the instructor's and every other student's; per-student and per-class caps answer
 * with their codes; an idle session is culled and its progress kept.
 */

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { WebSocket } from 'ws';
import { LABS } from '../labs';
import { echoOnce } from '../labs/tcp-echo/solution';
import {
  CLOSE_CODES,
  decodeInstructorMessage,
  INSTRUCTOR_WEBSOCKET_PATH,
  type InstructorMessage,
  PROTOCOL_VERSION,
  type RosterStudent,
} from '../src/protocol';
import { ClassroomClient } from './classroom/testing/classroom-server';
import { parseCsv } from './classroom/testing/csv';
import type { ConfigInput } from './config';
import { type RunningLabServer, startLabServer } from './lab-server';
import { setQuiet } from './log';
import { TestClient } from './testing/test-client';

setQuiet(true);

const PASSWORD = 'a long classroom password';
const ECHO = LABS.find((lab) => lab.id === 'tcp-echo')!;
const CHECKS = ECHO.checks.map((check) => check.id);

/** An upgrade the server refused: its status and JSON body. */
async function refusedUpgrade(
  url: string,
  pathname: string,
  cookie?: string,
): Promise<{ status: number; code: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${pathname}`, {
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        origin: url,
        ...(cookie === undefined ? {} : { cookie }),
      },
    });
    request.once('upgrade', (_response, socket) => {
      socket.destroy();
      reject(new Error(`${pathname} was upgraded`));
    });
    request.once('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.once('end', () => resolve({ status: response.statusCode ?? 0, code: JSON.parse(text).code }));
    });
    request.once('error', reject);
    request.end();
  });
}

/**
 * What a lab page of a browser that is no student is told: the upgrade succeeds so that the page can read why,
 * then a fatal error and the close code that carries it.
 */
async function labRefusal(server: RunningLabServer, cookie?: string): Promise<{ code: string; close: number }> {
  const page = await TestClient.connect(server.url, server.url, cookie === undefined ? {} : { cookie });
  const error = await page.waitFor((m) => m.type === 'error');
  const closed = await page.closedBy();
  assert.equal(closed.reason, error.type === 'error' ? error.code : '', 'the close reason names the code');
  assert.equal(
    page.messages.some((m) => m.type === 'welcome'),
    false,
    'no session',
  );
  return { code: error.type === 'error' ? error.code : '', close: closed.code };
}

/** A lab page of the browser holding `cookie`, said hello. */
async function openLab(server: RunningLabServer, cookie: string, lab = 'tcp-echo'): Promise<TestClient> {
  const page = await TestClient.connect(server.url, server.url, { cookie });
  page.send({ type: 'hello', protocol: PROTOCOL_VERSION, lab, cols: 120, rows: 30 });
  await page.waitFor((m) => m.type === 'welcome' || m.type === 'error');
  return page;
}

/** The instructor dashboard's feed, every message decoded as the page decodes it. */
class Dashboard {
  readonly messages: InstructorMessage[] = [];
  readonly #ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => this.messages.push(decodeInstructorMessage(data.toString())));
  }

  static async open(server: RunningLabServer, cookie: string): Promise<Dashboard> {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}${INSTRUCTOR_WEBSOCKET_PATH}?locale=en`, {
      origin: server.url,
      headers: { cookie },
    });
    const dashboard = new Dashboard(ws);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return dashboard;
  }

  send(message: unknown): void {
    this.#ws.send(JSON.stringify(message));
  }

  /** The newest row of `id` once it satisfies `predicate` (from the first roster on). */
  async row(id: string, predicate: (row: RosterStudent) => boolean, ms = 10_000): Promise<RosterStudent> {
    return this.waitFor(() => {
      let row: RosterStudent | undefined;
      for (const message of this.messages) {
        if (message.type === 'roster') row = message.students.find((student) => student.id === id);
        else if (message.type === 'student' && message.student.id === id) row = message.student;
        else if (message.type === 'student-removed' && message.id === id) row = undefined;
      }
      return row !== undefined && predicate(row) ? row : undefined;
    }, ms);
  }

  async waitFor<T>(found: () => T | undefined, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = found();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`not seen within ${ms} ms: ${JSON.stringify(this.messages.at(-1))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.#ws.close();
  }
}

async function classroomServer(
  first: number,
  extra: ConfigInput = {},
): Promise<{ server: RunningLabServer; dataDir: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'socketlab-classroom-'));
  const server = await startLabServer(
    {
      port: 0,
      mode: 'classroom',
      labPorts: { first, last: first + 49 },
      instructorPassword: PASSWORD,
      dataDir,
      progress: 'data-dir',
      ...extra,
    },
    LABS,
  );
  return { server, dataDir };
}

async function join(server: RunningLabServer, name: string): Promise<{ client: ClassroomClient; id: string }> {
  const client = new ClassroomClient(server);
  const code = joinCode(server);
  const answer = await client.post('/api/classroom/join', { code, name });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return { client, id: (answer.body.student as { id: string }).id };
}

async function signIn(server: RunningLabServer): Promise<ClassroomClient> {
  const instructor = new ClassroomClient(server);
  const answer = await instructor.post('/api/instructor/login', { password: PASSWORD });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return instructor;
}

async function passEcho(page: TestClient): Promise<void> {
  assert.equal(await echoOnce('127.0.0.1', page.port()), 'Hello,world!');
  for (const id of CHECKS) await page.waitForCheck(id, 'passed', 10_000);
}

describe('a classroom in the lab server', () => {
  let server: RunningLabServer;
  let dataDir: string;
  before(async () => {
    ({ server, dataDir } = await classroomServer(62000));
  });
  after(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a stranger the lab WebSocket, and students and strangers the dashboard and its routes', async () => {
    assert.deepEqual(await labRefusal(server), { code: 'LAB_ERR_NOT_JOINED', close: CLOSE_CODES.fatalError });
    assert.deepEqual(await refusedUpgrade(server.url, INSTRUCTOR_WEBSOCKET_PATH), {
      status: 403,
      code: 'LAB_ERR_NOT_INSTRUCTOR',
    });
    const { client: student, id } = await join(server, 'Ada');
    assert.deepEqual(await refusedUpgrade(server.url, INSTRUCTOR_WEBSOCKET_PATH, student.cookieHeader), {
      status: 403,
      code: 'LAB_ERR_NOT_INSTRUCTOR',
    });
    for (const route of ['/api/instructor/roster', `/api/instructor/student?id=${id}`, '/api/instructor/grades.csv']) {
      const answer = await student.get(route);
      assert.equal(answer.status, 403, route);
      assert.equal(answer.body.code, 'LAB_ERR_NOT_INSTRUCTOR', route);
    }
    const reset = await student.post('/api/instructor/reset', { student: id, lab: 'tcp-echo' });
    assert.equal(reset.body.code, 'LAB_ERR_NOT_INSTRUCTOR');
    const page = await openLab(server, student.cookieHeader);
    assert.equal(page.welcome.lab.id, 'tcp-echo', 'a joined student runs labs');
    await page.close();
  });

  it("does not hand one student's session to another, even with its resume token", async () => {
    const a = await join(server, 'Grace');
    const b = await join(server, 'Linus');
    const pageA = await openLab(server, a.client.cookieHeader);
    const { session, token } = pageA.welcome;
    await pageA.close();
    const pageB = await TestClient.connect(server.url, server.url, { cookie: b.client.cookieHeader });
    pageB.send({ type: 'hello', protocol: PROTOCOL_VERSION, lab: 'tcp-echo', resume: { session, token } });
    await pageB.waitFor((m) => m.type === 'welcome');
    assert.notEqual(pageB.welcome.session, session, 'B got a session of their own');
    assert.equal(pageB.welcome.resumed, false);
    assert.equal(server.sessions.get(pageB.welcome.session)?.owner, b.id);
    await pageB.close();
  });

  it("keeps a student's capture theirs: another student's link is refused, the instructor may read it", async () => {
    const a = await join(server, 'Owner');
    const b = await join(server, 'Peer');
    const page = await openLab(server, a.client.cookieHeader);
    const link = page.welcome.pcapng;
    const as = async (cookie: string | undefined, path: string): Promise<number> =>
      (await fetch(`${server.url}${path}`, { headers: cookie === undefined ? {} : { cookie } })).status;
    assert.equal(await as(a.client.cookieHeader, link), 200, 'the student reads their own capture');
    assert.equal(await as(b.client.cookieHeader, link), 404, 'another student holding the link does not');
    assert.equal(await as(undefined, link), 404, 'nor does a stranger');
    const instructor = await signIn(server);
    const withoutToken = link.replace(/\?token=.*$/, '');
    assert.equal(await as(instructor.cookieHeader, withoutToken), 200, 'the instructor reads it without the token');
    assert.equal(await as(b.client.cookieHeader, withoutToken), 404);
    await page.close();
  });

  it('fills the dashboard live, mirrors a watched student, exports grades, resets a lab and removes a student', async () => {
    const instructor = await signIn(server);
    const dashboard = await Dashboard.open(server, instructor.cookieHeader);
    const roster = await dashboard.waitFor(() => dashboard.messages.find((m) => m.type === 'roster'));
    assert.equal(roster.type, 'roster');
    assert.ok(roster.labs.some((lab) => lab.id === 'tcp-echo' && lab.checks.length === CHECKS.length));

    const mei = await join(server, '李梅');
    const tom = await join(server, 'Tom <b>bold</b>');
    await dashboard.row(mei.id, (row) => row.name === '李梅' && !row.online);
    await dashboard.row(tom.id, (row) => row.name === 'Tom <b>bold</b>');

    const page = await openLab(server, mei.client.cookieHeader);
    await dashboard.row(mei.id, (row) => row.online && row.lab === 'tcp-echo' && row.sessions === 1);
    dashboard.send({ type: 'watch', student: mei.id });
    await dashboard.waitFor(() => dashboard.messages.find((m) => m.type === 'watching' && m.student === mei.id));
    await passEcho(page);
    const passed = await dashboard.row(mei.id, (row) => CHECKS.every((check) => row.checks['tcp-echo']?.[check]));
    assert.equal(passed.stuck, undefined);
    const mirrored = await dashboard.waitFor(() =>
      dashboard.messages.find(
        (m) =>
          m.type === 'watched' &&
          m.student === mei.id &&
          m.message.type === 'check' &&
          m.message.check.state === 'passed',
      ),
    );
    assert.equal(mirrored.type === 'watched' && mirrored.session, page.welcome.session);
    assert.ok(
      dashboard.messages.some(
        (m) => m.type === 'watched' && m.message.type === 'event' && m.message.event.kind === 'receive',
      ),
      "the watched student's timeline is mirrored",
    );
    assert.ok(
      !dashboard.messages.some((m) => m.type === 'watched' && m.student !== mei.id),
      'only the watched student is mirrored',
    );

    const drill = await instructor.get(`/api/instructor/student?id=${mei.id}`);
    assert.equal(drill.status, 200);
    const history = drill.body.history as { item: string; state: string }[];
    assert.ok(CHECKS.every((check) => history.some((event) => event.item === check && event.state === 'passed')));

    const csv = await fetch(`${server.url}/api/instructor/grades.csv`, {
      headers: { cookie: instructor.cookieHeader },
    });
    assert.equal(csv.status, 200);
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(
      csv.headers.get('content-disposition') ?? '',
      /^attachment; filename="socketlab-grades-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    assert.ok(text.startsWith('\uFEFF'), 'a UTF-8 BOM, for Excel');
    const [header = [], ...rows] = parseCsv(text.slice(1));
    const meiRow = rows.find((row) => row[0] === '李梅')!;
    const tomRow = rows.find((row) => row[0] === 'Tom <b>bold</b>')!;
    for (const check of ECHO.checks) {
      const column = header.indexOf(`${ECHO.title.en}: ${check.title.en}`);
      assert.ok(column > 0, `a column for ${check.id}`);
      assert.match(meiRow[column]!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, `李梅 passed ${check.id}`);
      assert.equal(tomRow[column], '', `Tom did not pass ${check.id}`);
    }
    assert.equal(meiRow[2], String(CHECKS.length), 'checks passed');
    const chinese = await fetch(`${server.url}/api/instructor/grades.csv?locale=zh-Hans`, {
      headers: { cookie: instructor.cookieHeader, 'accept-language': 'en' },
    });
    const [chineseHeader = []] = parseCsv((await chinese.text()).replace(/^\uFEFF/, ''));
    assert.equal(chineseHeader[0], '学生', 'a plain link on the Chinese dashboard gets Chinese headers');
    assert.ok(chineseHeader.includes(`${ECHO.title['zh-Hans']}: ${ECHO.checks[0]!.title['zh-Hans']}`));

    const reset = await instructor.post('/api/instructor/reset', { student: mei.id, lab: 'tcp-echo' });
    assert.equal(reset.status, 200, JSON.stringify(reset.body));
    const ended = await page.waitFor((m) => m.type === 'error' && m.code === 'LAB_ERR_LAB_RESET');
    assert.equal(ended.type === 'error' && ended.fatal, true);
    await dashboard.row(mei.id, (row) => row.checks['tcp-echo'] === undefined);
    assert.deepEqual(await server.progress.passesOf(mei.id, 'tcp-echo'), []);

    const tomPage = await openLab(server, tom.client.cookieHeader);
    const removed = await instructor.post('/api/instructor/remove', { student: tom.id });
    assert.equal(removed.status, 200);
    await tomPage.waitFor((m) => m.type === 'error' && m.code === 'LAB_ERR_STUDENT_REMOVED');
    await dashboard.waitFor(() => dashboard.messages.find((m) => m.type === 'student-removed' && m.id === tom.id));
    assert.deepEqual(await labRefusal(server, tom.client.cookieHeader), {
      code: 'LAB_ERR_NOT_JOINED',
      close: CLOSE_CODES.fatalError,
    });

    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { students: { joined: number } };
    assert.equal(health.students.joined, (await server.progress.students()).length);
    await page.close();
    await tomPage.close();
    dashboard.close();
  });

  it('answers a dashboard message that is not a watch with an error, and keeps the feed open', async () => {
    const instructor = await signIn(server);
    const dashboard = await Dashboard.open(server, instructor.cookieHeader);
    dashboard.send({ type: 'reset', student: 'x' });
    const error = await dashboard.waitFor(() => dashboard.messages.find((m) => m.type === 'error'));
    assert.equal(error.type === 'error' && error.code, 'LAB_ERR_MESSAGE_INVALID');
    dashboard.send({ type: 'watch', student: 'stu_nobody' });
    await dashboard.waitFor(() => dashboard.messages.find((m) => m.type === 'error' && m.code === 'LAB_ERR_NOT_FOUND'));
    dashboard.close();
  });
});

describe('a classroom whose store fails', () => {
  it('keeps the lab server up: dashboards are told, nothing is thrown unhandled', async () => {
    const { server, dataDir } = await classroomServer(62700);
    try {
      const student = await join(server, 'Kept');
      const instructor = await signIn(server);
      const dashboard = await Dashboard.open(server, instructor.cookieHeader);
      await dashboard.waitFor(() => dashboard.messages.find((m) => m.type === 'roster'));
      await server.progress.close();
      // A row to rebuild, a watch to answer, and a new dashboard's roster: each reads the closed store.
      server.classroom?.roster.changed(student.id);
      dashboard.send({ type: 'watch', student: student.id });
      const error = await dashboard.waitFor(() =>
        dashboard.messages.find((m) => m.type === 'error' && m.code === 'LAB_ERR_INTERNAL'),
      );
      assert.equal(error.type, 'error');
      const another = new WebSocket(`${server.url.replace(/^http/, 'ws')}${INSTRUCTOR_WEBSOCKET_PATH}`, {
        origin: server.url,
        headers: { cookie: instructor.cookieHeader },
      });
      const closed = await new Promise<number>((resolve) => {
        another.once('close', (code) => resolve(code));
        another.once('error', () => resolve(0));
      });
      assert.notEqual(closed, 1000, 'a dashboard that cannot get its roster is not left open in silence');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'the lab server is still up');
      dashboard.close();
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('classroom limits', () => {
  it('caps sessions per student wherever they connect from, and students per class', async () => {
    const { server, dataDir } = await classroomServer(62100, { maxSessionsPerClient: 2, maxStudents: 2 });
    try {
      const a = await join(server, 'One');
      const b = await join(server, 'Two');
      const full = await new ClassroomClient(server).post('/api/classroom/join', {
        code: joinCode(server),
        name: 'Three',
      });
      assert.equal(full.status, 403);
      assert.equal(full.body.code, 'LAB_ERR_CLASS_FULL');
      const pages = [await openLab(server, a.client.cookieHeader), await openLab(server, a.client.cookieHeader)];
      const third = await openLab(server, a.client.cookieHeader);
      assert.ok(third.messages.some((m) => m.type === 'error' && m.code === 'LAB_ERR_CLIENT_SESSION_LIMIT'));
      // Same address, another student: their own limit.
      const other = await openLab(server, b.client.cookieHeader);
      assert.equal(other.welcome.lab.id, 'tcp-echo');
      for (const page of [...pages, third, other]) await page.close();
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("holds a student's bytes per second: TCP and TLS slowed with nothing lost, UDP beyond it dropped, each said once", async () => {
    const { server, dataDir } = await classroomServer(62300, { maxStudentBytesPerSecond: 64 * 1024 });
    try {
      const a = await join(server, 'Flood');
      const tcpPage = await openLab(server, a.client.cookieHeader);
      const sent = Buffer.alloc(160 * 1024, 0x61);
      const echoed = await new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let length = 0;
        const socket = net.connect(tcpPage.port(), '127.0.0.1', () => socket.write(sent));
        socket.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          length += chunk.length;
          if (length >= sent.length) {
            socket.end();
            resolve(Buffer.concat(chunks));
          }
        });
        socket.once('error', reject);
      });
      assert.ok(echoed.equals(sent), 'every byte came back, in order');
      const slowed = await tcpPage.waitFor(
        (m) => m.type === 'event' && m.event.kind === 'error' && (m.event.note ?? '').startsWith('slowed down'),
      );
      assert.match(
        slowed.type === 'event' ? (slowed.event.note ?? '') : '',
        /64 KiB\/s .*MAX_STUDENT_BYTES_PER_SECOND/,
      );
      const notes = tcpPage.messages.filter(
        (m) => m.type === 'event' && (m.event.note ?? '').startsWith('slowed down'),
      );
      assert.equal(notes.length, 1, 'said once per connection');

      // The same student's UDP lab shares the budget their TCP flood just spent.
      const udpPage = await openLab(server, a.client.cookieHeader, 'udp-echo');
      const socket = dgram.createSocket('udp4');
      let replies = 0;
      socket.on('message', () => replies++);
      for (let i = 0; i < 200; i++) socket.send(Buffer.alloc(1024, i), udpPage.port(), '127.0.0.1');
      await udpPage.waitFor((m) => m.type === 'event' && (m.event.note ?? '').startsWith('dropped'), 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      socket.close();
      assert.ok(replies < 200, `some of 200 KiB beyond a 64 KiB/s budget was dropped (${replies} echoed)`);
      // TLS too: Node's TLS socket reads the TCP socket itself, so the budget meters what it decrypts.
      const tlsPage = await openLab(server, a.client.cookieHeader, 'tls13-handshake');
      const ca = await (await fetch(`${server.url}/pki/ca.pem`)).text();
      const secret = Buffer.alloc(160 * 1024, 0x62);
      const decrypted = await new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let length = 0;
        const port = tlsPage.welcome.servers[0]!.port;
        const socket = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () =>
          socket.write(secret),
        );
        socket.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          length += chunk.length;
          if (length >= secret.length) {
            socket.end();
            resolve(Buffer.concat(chunks));
          }
        });
        socket.once('error', reject);
      });
      assert.ok(decrypted.equals(secret), 'every byte came back over TLS');
      await tlsPage.waitFor((m) => m.type === 'event' && (m.event.note ?? '').startsWith('slowed down'));
      for (const page of [tcpPage, udpPage, tlsPage]) await page.close();
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('culls a session nobody works in, releasing its servers and keeping its progress', async () => {
    const { server, dataDir } = await classroomServer(62200, { idleCullMs: 400 });
    try {
      const a = await join(server, 'Sleepy');
      const page = await openLab(server, a.client.cookieHeader);
      const port = page.port();
      await passEcho(page);
      const culled = await page.waitFor((m) => m.type === 'error' && m.code === 'LAB_ERR_SESSION_IDLE', 10_000);
      assert.equal(culled.type === 'error' && culled.fatal, true);
      await waitUntil(() => server.sessions.size === 0);
      await assert.rejects(echoOnce('127.0.0.1', port), 'the echo server was released');
      await page.close();
      const again = await openLab(server, a.client.cookieHeader);
      assert.deepEqual(
        again.welcome.checks.map((check) => check.state),
        CHECKS.map(() => 'passed'),
        'progress kept',
      );
      await again.close();
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function waitUntil(done: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The class's join code, from the URL the instructor projects. */
function joinCode(server: RunningLabServer): string {
  return new URL(server.classroom?.joinUrl() ?? 'http://x/').searchParams.get('code') ?? '';
}
