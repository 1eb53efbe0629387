/**
 * The classroom's HTTP routes over real sockets, with the lab server's router and a real SQLite store: joining
 * (right and wrong codes, closed joining, the rate limit, names taken and refused), coming back as the same
 * student, leaving, the instructor's sign-in by one-time token and by password, the instructor's routes
 * refusing students and strangers, and the CSRF refusals of every state-changing route.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { INSTRUCTOR_OWNER, ownerOf } from './identity';
import { ClassroomClient, ClassroomServer } from './testing/classroom-server';
import { ManualClock } from './testing/manual-clock';

function tokenOf(server: ClassroomServer): string {
  const url = server.classroom.instructorLoginUrl();
  assert.ok(url !== undefined);
  const match = /\/instructor\/login\/#token=([A-Za-z0-9_-]{43})$/.exec(url);
  assert.ok(match, url);
  return match[1] ?? '';
}

async function instructorOf(server: ClassroomServer): Promise<ClassroomClient> {
  const instructor = new ClassroomClient(server);
  const login = await instructor.post('/api/instructor/login', { token: tokenOf(server) });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return instructor;
}

async function codeOf(server: ClassroomServer): Promise<string> {
  const answer = await (await instructorOf(server)).get('/api/instructor/join');
  return String(answer.body.code);
}

describe('classroom routes', () => {
  let server: ClassroomServer;
  let instructor: ClassroomClient;
  let code: string;

  before(async () => {
    server = await ClassroomServer.start();
    instructor = await instructorOf(server);
    code = String((await instructor.get('/api/instructor/join')).body.code);
  });
  after(() => server.close());

  it('joins a student with the right code and a name, with an HttpOnly SameSite=Strict cookie', async () => {
    const student = new ClassroomClient(server);
    const joined = await student.post('/api/classroom/join', { code: code.toLowerCase(), name: ' Ada Lovelace ' });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    const shown = joined.body.student as { id: string; name: string };
    assert.equal(shown.name, 'Ada Lovelace');
    assert.match(shown.id, /^stu_[A-Za-z0-9_-]{16}$/);
    const setCookie = joined.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^socketlab_student=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    assert.doesNotMatch(setCookie, /Secure/, 'no Secure flag over plain HTTP: the browser would never send it back');
    const me = await student.get('/api/classroom/me');
    assert.deepEqual(me.body, { role: 'student', student: joined.body.student, joining: { open: true } });
    assert.equal((await server.store.student(shown.id))?.name, 'Ada Lovelace');
  });

  it('knows the student again from another tab and after a restart of the lab server', async () => {
    const student = new ClassroomClient(server);
    const joined = await student.post('/api/classroom/join', { code, name: 'Grace' });
    const id = (joined.body.student as { id: string }).id;
    const tab = student.tab();
    assert.equal(((await tab.get('/api/classroom/me')).body.student as { id: string }).id, id);
    await server.restart();
    const me = await tab.get('/api/classroom/me');
    assert.equal(me.body.role, 'student');
    assert.equal((me.body.student as { id: string }).id, id);
    // The join code survived the restart too; the instructor signs in with the new start's token.
    instructor = await instructorOf(server);
    assert.equal(String((await instructor.get('/api/instructor/join')).body.code), code);
  });

  it('refuses a wrong join code, in the language of the request', async () => {
    const wrong = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    const english = await new ClassroomClient(server).post('/api/classroom/join', { code: wrong, name: 'Mallory' });
    assert.equal(english.status, 403);
    assert.equal(english.body.code, 'LAB_ERR_JOIN_CODE_WRONG');
    assert.match(String(english.body.message), /join code/);
    const chinese = await new ClassroomClient(server, 'zh-CN,zh;q=0.9').post('/api/classroom/join', {
      code: wrong,
      name: 'Mallory',
    });
    assert.equal(chinese.body.code, 'LAB_ERR_JOIN_CODE_WRONG');
    assert.match(String(chinese.body.message), /加入码/);
    assert.equal(english.cookies.length, 0);
  });

  it('refuses a name another student has, whatever its case, but not the same student', async () => {
    const first = new ClassroomClient(server);
    const joined = await first.post('/api/classroom/join', { code, name: 'Linus' });
    assert.equal(joined.status, 200);
    const taken = await new ClassroomClient(server).post('/api/classroom/join', { code, name: 'LINUS' });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'LAB_ERR_NAME_TAKEN');
    assert.match(String(taken.body.message), /Linus/);
    const again = await first.post('/api/classroom/join', { code, name: 'linus' });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body.student, joined.body.student);
    const renamed = await first.post('/api/classroom/join', { code, name: 'Torvalds' });
    assert.equal(renamed.status, 409);
    assert.equal(renamed.body.code, 'LAB_ERR_JOIN_ALREADY');
  });

  it('keeps a name with markup as text, and refuses invisible and control characters', async () => {
    const markup = '<img src=x onerror=alert(1)>';
    const joined = await new ClassroomClient(server).post('/api/classroom/join', { code, name: markup });
    assert.equal(joined.status, 200);
    assert.equal((joined.body.student as { name: string }).name, markup);
    for (const name of ['', '   ', 'Ad\u200ba', '\u202eadA', 'a\nb', 'x'.repeat(41)]) {
      const refused = await new ClassroomClient(server).post('/api/classroom/join', { code, name });
      assert.equal(refused.status, 400, JSON.stringify(name));
      assert.equal(refused.body.code, 'LAB_ERR_NAME_INVALID');
    }
    const malformed = await new ClassroomClient(server).post('/api/classroom/join', { code, name: 42 });
    assert.equal(malformed.body.code, 'LAB_ERR_MESSAGE_INVALID');
  });

  it('lets a student leave: forgotten, a stranger again, and the name free', async () => {
    const student = new ClassroomClient(server);
    const joined = await student.post('/api/classroom/join', { code, name: 'Leaver' });
    const id = (joined.body.student as { id: string }).id;
    const left = await student.post('/api/classroom/leave', {});
    assert.equal(left.status, 200);
    assert.match(left.headers.get('set-cookie') ?? '', /^socketlab_student=; Path=\/; Max-Age=0/);
    assert.equal(await server.store.student(id), undefined);
    assert.equal((await student.get('/api/classroom/me')).body.role, 'stranger');
    const stranger = await student.post('/api/classroom/leave', {});
    assert.equal(stranger.status, 403);
    assert.equal(stranger.body.code, 'LAB_ERR_NOT_JOINED');
    const rejoined = await new ClassroomClient(server).post('/api/classroom/join', { code, name: 'Leaver' });
    assert.equal(rejoined.status, 200);
  });

  it('makes a student the instructor removed a stranger, whatever the cookie says', async () => {
    const student = new ClassroomClient(server);
    const joined = await student.post('/api/classroom/join', { code, name: 'Removed' });
    const tab = student.tab();
    await server.store.removeStudent((joined.body.student as { id: string }).id);
    assert.equal((await tab.get('/api/classroom/me')).body.role, 'stranger');
    const identity = await server.classroom.identify({ headers: { cookie: tab.cookieHeader } });
    assert.deepEqual(identity, { role: 'stranger' });
  });

  it('treats a tampered cookie as a stranger', async () => {
    const student = new ClassroomClient(server);
    await student.post('/api/classroom/join', { code, name: 'Tamper' });
    const cookie = student.cookieHeader.replace(/stu_(.)/, (_all, c: string) => `stu_${c === 'A' ? 'B' : 'A'}`);
    assert.deepEqual(await server.classroom.identify({ headers: { cookie } }), { role: 'stranger' });
    const forged = `socketlab_instructor=instructor.zzzzzzzz.${'A'.repeat(43)}`;
    assert.deepEqual(await server.classroom.identify({ headers: { cookie: forged } }), { role: 'stranger' });
  });

  it('refuses the instructor’s routes to students and strangers', async () => {
    const student = new ClassroomClient(server);
    await student.post('/api/classroom/join', { code, name: 'Curious' });
    for (const client of [student, new ClassroomClient(server)]) {
      const read = await client.get('/api/instructor/join');
      assert.equal(read.status, 403);
      assert.equal(read.body.code, 'LAB_ERR_NOT_INSTRUCTOR');
      assert.equal(read.body.code === 'LAB_ERR_NOT_INSTRUCTOR' && !('url' in read.body), true);
      for (const change of [{ open: false }, { newCode: true }]) {
        const write = await client.post('/api/instructor/join', change);
        assert.equal(write.status, 403);
        assert.equal(write.body.code, 'LAB_ERR_NOT_INSTRUCTOR');
      }
    }
    assert.equal(String((await instructor.get('/api/instructor/join')).body.code), code, 'the code is unchanged');
  });

  it('refuses a state-changing request without Origin, from another origin, or not as JSON (CSRF)', async () => {
    const cases = [
      { origin: null },
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: server.url.replace('127.0.0.1', 'localhost.evil.example') },
      { type: 'text/plain' },
      { type: 'application/x-www-form-urlencoded' },
      { type: 'multipart/form-data; boundary=x' },
      { type: null },
    ];
    for (const path of [
      '/api/classroom/join',
      '/api/classroom/leave',
      '/api/instructor/login',
      '/api/instructor/logout',
    ]) {
      for (const options of cases) {
        const answer = await new ClassroomClient(server).post(path, { code, name: 'Csrf', token: 'x' }, options);
        assert.equal(answer.status, 403, `${path} ${JSON.stringify(options)}`);
        assert.equal(answer.body.code, 'LAB_ERR_CSRF');
        assert.equal(answer.cookies.length, 0);
      }
    }
    // The instructor's own cookie does not make a cross-site request acceptable.
    for (const options of cases) {
      const answer = await instructor.post('/api/instructor/join', { newCode: true }, options);
      assert.equal(answer.body.code, 'LAB_ERR_CSRF', JSON.stringify(options));
    }
    assert.equal(String((await instructor.get('/api/instructor/join')).body.code), code);
    const get = await new ClassroomClient(server).get('/api/classroom/join');
    assert.equal(get.status, 405);
  });

  it('bounds and checks the body', async () => {
    const big = await new ClassroomClient(server).post('/api/classroom/join', undefined, {
      raw: JSON.stringify({ code, name: 'x'.repeat(5000) }),
    });
    assert.equal(big.status, 413);
    assert.equal(big.body.code, 'LAB_ERR_MESSAGE_TOO_LARGE');
    for (const raw of ['not json', '[1,2]', 'null', '"text"']) {
      const answer = await new ClassroomClient(server).post('/api/classroom/join', undefined, { raw });
      assert.equal(answer.status, 400, raw);
      assert.equal(answer.body.code, 'LAB_ERR_MESSAGE_INVALID');
    }
  });

  it('lets the instructor close joining, make a new code, and sign out', async () => {
    const own = instructor;
    const before = await own.get('/api/instructor/join');
    assert.equal(before.status, 200);
    assert.equal(before.body.url, `${server.url}/join/?code=${before.body.code}`);
    const member = new ClassroomClient(server);
    await member.post('/api/classroom/join', { code, name: 'Early' });

    const closed = await own.post('/api/instructor/join', { open: false });
    assert.equal(closed.body.open, false);
    const late = await new ClassroomClient(server).post('/api/classroom/join', { code, name: 'Late' });
    assert.equal(late.status, 403);
    assert.equal(late.body.code, 'LAB_ERR_JOIN_CLOSED');
    const me = await member.get('/api/classroom/me');
    assert.equal(me.body.role, 'student', 'a student who joined stays joined');
    assert.deepEqual(me.body.joining, { open: false });

    const renewed = await own.post('/api/instructor/join', { open: true, newCode: true });
    assert.equal(renewed.body.open, true);
    assert.notEqual(renewed.body.code, code);
    const old = await new ClassroomClient(server).post('/api/classroom/join', { code, name: 'Old code' });
    assert.equal(old.body.code, 'LAB_ERR_JOIN_CODE_WRONG');
    const fresh = await new ClassroomClient(server).post('/api/classroom/join', {
      code: renewed.body.code,
      name: 'New',
    });
    assert.equal(fresh.status, 200);
    code = String(renewed.body.code);

    for (const change of [{}, { open: 'yes' }, { newCode: false }, { open: true, extra: 1 }]) {
      const bad = await own.post('/api/instructor/join', change);
      assert.equal(bad.status, 400, JSON.stringify(change));
      assert.equal(bad.body.code, 'LAB_ERR_MESSAGE_INVALID');
    }

    const out = await own.post('/api/instructor/logout', {});
    assert.equal(out.status, 200);
    assert.equal((await own.get('/api/instructor/join')).body.code, 'LAB_ERR_NOT_INSTRUCTOR');
    assert.equal((await own.get('/api/classroom/me')).body.role, 'stranger');
  });
});

describe('instructor sign-in', () => {
  it('spends the one-time token on its first use; the next start makes a new one', async () => {
    const server = await ClassroomServer.start();
    try {
      const url = server.classroom.instructorLoginUrl() ?? '';
      assert.ok(url.startsWith(`${server.url}/instructor/login/#token=`), url);
      const token = tokenOf(server);
      const wrong = await new ClassroomClient(server).post('/api/instructor/login', { token: `${token.slice(1)}A` });
      assert.equal(wrong.status, 403);
      assert.equal(wrong.body.code, 'LAB_ERR_LOGIN_FAILED');
      const first = new ClassroomClient(server);
      const login = await first.post('/api/instructor/login', { token });
      assert.equal(login.status, 200);
      assert.match(
        login.headers.get('set-cookie') ?? '',
        /^socketlab_instructor=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/,
      );
      assert.equal((await first.get('/api/classroom/me')).body.role, 'instructor');
      const replay = await new ClassroomClient(server).post('/api/instructor/login', { token });
      assert.equal(replay.status, 403);
      assert.equal(replay.body.code, 'LAB_ERR_LOGIN_FAILED');
      const noPassword = await new ClassroomClient(server).post('/api/instructor/login', {
        password: 'anything at all',
      });
      assert.equal(noPassword.body.code, 'LAB_ERR_LOGIN_FAILED');

      await server.restart();
      const next = tokenOf(server);
      assert.notEqual(next, token);
      assert.equal((await first.get('/api/instructor/join')).status, 200, 'the instructor stays signed in');
      assert.equal((await new ClassroomClient(server).post('/api/instructor/login', { token })).status, 403);
      assert.equal((await new ClassroomClient(server).post('/api/instructor/login', { token: next })).status, 200);
    } finally {
      await server.close();
    }
  });

  it('takes INSTRUCTOR_PASSWORD instead, and then no token at all', async () => {
    const server = await ClassroomServer.start({ instructorPassword: 'blackboard-2026' });
    try {
      assert.equal(server.classroom.instructorLoginUrl(), undefined);
      const wrong = await new ClassroomClient(server).post('/api/instructor/login', { password: 'blackboard-2025' });
      assert.equal(wrong.status, 403);
      assert.equal(wrong.body.code, 'LAB_ERR_LOGIN_FAILED');
      const client = new ClassroomClient(server);
      const right = await client.post('/api/instructor/login', { password: 'blackboard-2026' });
      assert.equal(right.status, 200);
      assert.equal((await client.get('/api/instructor/join')).status, 200);
      const again = await new ClassroomClient(server).post('/api/instructor/login', { password: 'blackboard-2026' });
      assert.equal(again.status, 200, 'a password, unlike the token, signs in every time');
      const both = await new ClassroomClient(server).post('/api/instructor/login', { password: 'a', token: 'b' });
      assert.equal(both.body.code, 'LAB_ERR_MESSAGE_INVALID');
    } finally {
      await server.close();
    }
  });

  it('limits failed sign-ins with a retry-after', async () => {
    const clock = new ManualClock();
    const limits = {
      login: { perClient: { burst: 2, perMinute: 6 }, overall: { burst: 100, perMinute: 100 } },
    };
    const server = await ClassroomServer.start({ instructorPassword: 'blackboard-2026', clock: clock.now, limits });
    try {
      const client = new ClassroomClient(server);
      for (let i = 0; i < 2; i++) {
        assert.equal((await client.post('/api/instructor/login', { password: `guess ${i}` })).status, 403);
      }
      const limited = await client.post('/api/instructor/login', { password: 'blackboard-2026' });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.code, 'LAB_ERR_LOGIN_RATE_LIMITED');
      assert.equal(limited.headers.get('retry-after'), '10');
      clock.advance(10_000);
      assert.equal((await client.post('/api/instructor/login', { password: 'blackboard-2026' })).status, 200);
    } finally {
      await server.close();
    }
  });

  it('marks cookies Secure when the request is secure', async () => {
    const server = await ClassroomServer.start({ secure: true });
    try {
      const login = await new ClassroomClient(server).post('/api/instructor/login', { token: tokenOf(server) });
      assert.match(login.headers.get('set-cookie') ?? '', /; HttpOnly; SameSite=Strict; Secure$/);
    } finally {
      await server.close();
    }
  });
});

describe('join rate limit', () => {
  it('holds back an address after its wrong codes, with a retry-after, and lets it in once waited', async () => {
    const clock = new ManualClock();
    const limits = { join: { perClient: { burst: 3, perMinute: 6 }, overall: { burst: 100, perMinute: 100 } } };
    const server = await ClassroomServer.start({ clock: clock.now, limits });
    try {
      const code = await codeOf(server);
      const wrong = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
      // Right codes never use the allowance up: a class behind one NAT joins at once.
      for (let i = 0; i < 10; i++) {
        assert.equal(
          (await new ClassroomClient(server).post('/api/classroom/join', { code, name: `S${i}` })).status,
          200,
        );
      }
      for (let i = 0; i < 3; i++) {
        const answer = await new ClassroomClient(server).post('/api/classroom/join', { code: wrong, name: 'Guess' });
        assert.equal(answer.body.code, 'LAB_ERR_JOIN_CODE_WRONG');
      }
      const limited = await new ClassroomClient(server, 'zh-Hans').post('/api/classroom/join', {
        code,
        name: 'Patient',
      });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.code, 'LAB_ERR_JOIN_RATE_LIMITED');
      assert.equal(limited.headers.get('retry-after'), '10');
      assert.match(String(limited.body.message), /10 秒/);
      clock.advance(9_000);
      const still = await new ClassroomClient(server).post('/api/classroom/join', { code, name: 'Patient' });
      assert.equal(still.headers.get('retry-after'), '1');
      assert.match(String(still.body.message), /try again in 1 s/);
      clock.advance(1_000);
      const joined = await new ClassroomClient(server).post('/api/classroom/join', { code, name: 'Patient' });
      assert.equal(joined.status, 200);
    } finally {
      await server.close();
    }
  });
});

describe('owners', () => {
  it('are the student’s id, the instructor’s own, or none for a stranger', async () => {
    const server = await ClassroomServer.start();
    try {
      const instructor = await instructorOf(server);
      const code = String((await instructor.get('/api/instructor/join')).body.code);
      const student = new ClassroomClient(server);
      const joined = await student.post('/api/classroom/join', { code, name: 'Owner' });
      const id = (joined.body.student as { id: string }).id;
      const owner = async (client: ClassroomClient | undefined) =>
        ownerOf(await server.classroom.identify({ headers: { cookie: client?.cookieHeader ?? '' } }));
      assert.equal(await owner(student), id);
      assert.equal(await owner(instructor), INSTRUCTOR_OWNER);
      assert.equal(await owner(undefined), undefined);
    } finally {
      await server.close();
    }
  });
});
