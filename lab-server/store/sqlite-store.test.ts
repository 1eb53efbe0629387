/**
 * The SQLite progress store on real files: what a student and an instructor rely on — a pass keeps its first
 * time, a repeated pass changes nothing, progress comes back after the lab server reopens the file, a reset or
 * a removal forgets exactly what it says, a student's history stays bounded, and text round-trips exactly.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { LOCAL_OWNER, MAX_EVENTS_PER_OWNER, type ProgressEvent } from './progress-store';
import { openProgressStore, PROGRESS_FILE_NAME, SqliteStore } from './sqlite-store';
import { StoreError } from './store-error';

const root = mkdtempSync(path.join(tmpdir(), 'socketlab-store-'));
after(() => rmSync(root, { recursive: true, force: true }));

let files = 0;
function freshFile(): string {
  files += 1;
  return path.join(root, `db-${files}`, 'progress.sqlite');
}

function event(item: string, state: ProgressEvent['state'], at: number, lab = 'tcp-echo'): ProgressEvent {
  return { owner: 'ada', lab, kind: 'check', item, state, at };
}

describe('SqliteStore', () => {
  it('keeps the first time a check passed and says whether a pass was the first', async () => {
    const store = await SqliteStore.open(freshFile());
    const pass = { owner: LOCAL_OWNER, lab: 'tcp-echo', kind: 'check', item: 'connects' } as const;
    assert.equal(await store.recordPass({ ...pass, at: 1000 }), true);
    assert.equal(await store.recordPass({ ...pass, at: 2000 }), false);
    assert.equal(await store.recordPass({ ...pass, kind: 'question', at: 3000 }), true);
    assert.deepEqual(await store.passesOf(LOCAL_OWNER), [
      { ...pass, firstPassedAt: 1000 },
      { ...pass, kind: 'question', firstPassedAt: 3000 },
    ]);
    await store.close();
  });

  it('lists passes oldest first, per lab or of all, and every student in allPasses', async () => {
    const store = await SqliteStore.open(freshFile());
    await store.recordPass({ owner: 'ada', lab: 'udp-echo', kind: 'check', item: 'b', at: 30 });
    await store.recordPass({ owner: 'ada', lab: 'tcp-echo', kind: 'check', item: 'a', at: 10 });
    await store.recordPass({ owner: 'bob', lab: 'tcp-echo', kind: 'check', item: 'a', at: 20 });
    assert.deepEqual(
      (await store.passesOf('ada')).map((p) => p.item),
      ['a', 'b'],
    );
    assert.deepEqual(
      (await store.passesOf('ada', 'udp-echo')).map((p) => p.lab),
      ['udp-echo'],
    );
    assert.deepEqual(await store.passesOf('nobody'), []);
    assert.deepEqual(
      (await store.allPasses()).map((p) => `${p.owner}:${p.item}@${p.firstPassedAt}`),
      ['ada:a@10', 'bob:a@20', 'ada:b@30'],
    );
    await store.close();
  });

  it('finds every pass, event, student and setting again after reopening the file', async () => {
    const file = freshFile();
    const first = await SqliteStore.open(file);
    await first.addStudent({ id: 's1', name: 'Ada', joinedAt: 5, lastSeenAt: 5 });
    await first.recordPass({ owner: 's1', lab: 'tcp-echo', kind: 'check', item: 'connects', at: 7 });
    await first.recordEvent({ ...event('connects', 'passed', 7), owner: 's1' });
    await first.setSetting('joinCode', 'K7Q2');
    await first.close();
    const again = await SqliteStore.open(file);
    assert.deepEqual(await again.students(), [{ id: 's1', name: 'Ada', joinedAt: 5, lastSeenAt: 5 }]);
    assert.equal((await again.passesOf('s1'))[0]?.firstPassedAt, 7);
    assert.equal((await again.eventsOf('s1')).length, 1);
    assert.equal(await again.setting('joinCode'), 'K7Q2');
    await again.close();
  });

  it('creates the data directory and progress.sqlite in it, both private to the lab server', async () => {
    const dataDir = path.join(root, 'data-dir', 'nested');
    const store = await openProgressStore(dataDir);
    await store.setSetting('k', 'v');
    const file = path.join(dataDir, PROGRESS_FILE_NAME);
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    for (const written of [file, `${file}-wal`, `${file}-shm`]) assert.equal(statSync(written).mode & 0o777, 0o600);
    await store.close();
  });

  it('keeps events newest last, filtered by lab and limited', async () => {
    const store = await SqliteStore.open(freshFile());
    await store.recordEvent(event('a', 'pending', 1));
    await store.recordEvent(event('a', 'failed', 2, 'udp-echo'));
    await store.recordEvent(event('a', 'passed', 3));
    assert.deepEqual(
      (await store.eventsOf('ada')).map((e) => e.at),
      [1, 2, 3],
    );
    assert.deepEqual(
      (await store.eventsOf('ada', { lab: 'tcp-echo' })).map((e) => e.state),
      ['pending', 'passed'],
    );
    assert.deepEqual(
      (await store.eventsOf('ada', { limit: 2 })).map((e) => e.at),
      [2, 3],
    );
    await store.close();
  });

  it("keeps only each owner's newest events, without touching another owner's", async () => {
    const store = await SqliteStore.open(freshFile(), { maxEventsPerOwner: 3 });
    for (let at = 1; at <= 7; at += 1) await store.recordEvent(event('a', 'failed', at));
    await store.recordEvent({ ...event('a', 'passed', 100), owner: 'bob' });
    assert.deepEqual(
      (await store.eventsOf('ada')).map((e) => e.at),
      [5, 6, 7],
    );
    assert.deepEqual(
      (await store.eventsOf('ada', { limit: 50 })).map((e) => e.at),
      [5, 6, 7],
    );
    assert.equal((await store.eventsOf('bob')).length, 1);
    await store.close();
  });

  it('fills a history up to its bound again after a reset or a removal emptied part of it', async () => {
    const store = await SqliteStore.open(freshFile(), { maxEventsPerOwner: 3 });
    for (let at = 1; at <= 3; at += 1) await store.recordEvent(event('a', 'failed', at, 'udp-echo'));
    await store.resetLab('ada', 'udp-echo');
    for (let at = 4; at <= 6; at += 1) await store.recordEvent(event('a', 'failed', at));
    assert.deepEqual(
      (await store.eventsOf('ada')).map((e) => e.at),
      [4, 5, 6],
    );
    await store.removeStudent('ada');
    for (let at = 7; at <= 10; at += 1) await store.recordEvent(event('a', 'failed', at));
    assert.deepEqual(
      (await store.eventsOf('ada')).map((e) => e.at),
      [8, 9, 10],
    );
    await store.close();
  });

  it(`bounds a student's history at MAX_EVENTS_PER_OWNER (${MAX_EVENTS_PER_OWNER}) by default`, async () => {
    const store = await SqliteStore.open(':memory:');
    const db = store.database;
    // Fill to the bound in one transaction (fast), then add through the store: the oldest goes.
    const insert = db.prepare('INSERT INTO events (owner, lab, kind, item, state, at) VALUES (?, ?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (let at = 1; at <= MAX_EVENTS_PER_OWNER; at += 1) insert.run('ada', 'tcp-echo', 'check', 'a', 'failed', at);
    })();
    await store.recordEvent(event('a', 'passed', MAX_EVENTS_PER_OWNER + 1));
    const events = await store.eventsOf('ada', { limit: MAX_EVENTS_PER_OWNER * 2 });
    assert.equal(events.length, MAX_EVENTS_PER_OWNER);
    assert.equal(events[0]?.at, 2);
    assert.equal(events.at(-1)?.at, MAX_EVENTS_PER_OWNER + 1);
    await store.close();
  });

  it("resets one lab of one owner: that lab's passes and events go, the rest stays", async () => {
    const store = await SqliteStore.open(freshFile());
    for (const owner of ['ada', 'bob']) {
      for (const lab of ['tcp-echo', 'udp-echo']) {
        await store.recordPass({ owner, lab, kind: 'check', item: 'x', at: 1 });
        await store.recordEvent({ owner, lab, kind: 'check', item: 'x', state: 'passed', at: 1 });
      }
    }
    await store.resetLab('ada', 'tcp-echo');
    assert.deepEqual(
      (await store.passesOf('ada')).map((p) => p.lab),
      ['udp-echo'],
    );
    assert.deepEqual(
      (await store.eventsOf('ada')).map((e) => e.lab),
      ['udp-echo'],
    );
    assert.equal((await store.passesOf('bob')).length, 2);
    assert.equal((await store.eventsOf('bob')).length, 2);
    assert.equal(await store.recordPass({ owner: 'ada', lab: 'tcp-echo', kind: 'check', item: 'x', at: 9 }), true);
    await store.close();
  });

  it('removes a student with their passes and events, and no one else', async () => {
    const store = await SqliteStore.open(freshFile());
    for (const [index, id] of ['s1', 's2'].entries()) {
      await store.addStudent({ id, name: id, joinedAt: index, lastSeenAt: index });
      await store.recordPass({ owner: id, lab: 'tcp-echo', kind: 'check', item: 'x', at: 1 });
      await store.recordEvent({ owner: id, lab: 'tcp-echo', kind: 'check', item: 'x', state: 'passed', at: 1 });
    }
    await store.removeStudent('s1');
    assert.equal(await store.student('s1'), undefined);
    assert.deepEqual(await store.passesOf('s1'), []);
    assert.deepEqual(await store.eventsOf('s1'), []);
    assert.deepEqual(
      (await store.students()).map((s) => s.id),
      ['s2'],
    );
    assert.equal((await store.allPasses()).length, 1);
    await store.close();
  });

  it('lists students in the order they joined and moves last-seen forward only', async () => {
    const store = await SqliteStore.open(freshFile());
    await store.addStudent({ id: 'late', name: 'Late', joinedAt: 20, lastSeenAt: 20 });
    await store.addStudent({ id: 'early', name: 'Early', joinedAt: 10, lastSeenAt: 10 });
    await store.touchStudent('early', 50);
    await store.touchStudent('early', 40);
    await store.touchStudent('nobody', 50);
    assert.deepEqual(
      (await store.students()).map((s) => s.id),
      ['early', 'late'],
    );
    assert.equal((await store.student('early'))?.lastSeenAt, 50);
    assert.equal((await store.student('early'))?.joinedAt, 10);
    assert.equal(await store.student('nobody'), undefined);
    await store.close();
  });

  it('keeps names and settings exactly as typed: markup, emoji, Chinese, quotes', async () => {
    const file = freshFile();
    const names = ['<script>alert(1)</script>', '张伟 🧑‍💻', 'O\'Brien "Bob"; DROP TABLE students;--', ' 空格 '];
    const store = await SqliteStore.open(file);
    for (const [index, name] of names.entries()) {
      await store.addStudent({ id: `s${index}`, name, joinedAt: index, lastSeenAt: index });
    }
    await store.setSetting('motd', names[1] ?? '');
    await store.close();
    const again = await SqliteStore.open(file);
    assert.deepEqual(
      (await again.students()).map((s) => s.name),
      names,
    );
    assert.equal(await again.setting('motd'), names[1]);
    await again.close();
  });

  it('returns undefined for a setting never set and replaces one set twice', async () => {
    const store = await SqliteStore.open(freshFile());
    assert.equal(await store.setting('joinOpen'), undefined);
    await store.setSetting('joinOpen', 'true');
    await store.setSetting('joinOpen', 'false');
    assert.equal(await store.setting('joinOpen'), 'false');
    await store.close();
  });

  it('opens in WAL mode with synchronous FULL and foreign keys on', async () => {
    const store = await SqliteStore.open(freshFile());
    const db = store.database;
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), 2);
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.ok((db.pragma('busy_timeout', { simple: true }) as number) > 0);
    await store.close();
  });

  it('may be closed twice; every call after close rejects with a clear error', async () => {
    const file = freshFile();
    const store = await SqliteStore.open(file);
    await store.close();
    await store.close();
    const calls = [
      () => store.recordPass({ owner: 'a', lab: 'l', kind: 'check', item: 'i', at: 1 }),
      () => store.passesOf('a'),
      () => store.allPasses(),
      () => store.recordEvent(event('a', 'passed', 1)),
      () => store.eventsOf('a'),
      () => store.resetLab('a', 'l'),
      () => store.addStudent({ id: 'a', name: 'a', joinedAt: 1, lastSeenAt: 1 }),
      () => store.student('a'),
      () => store.students(),
      () => store.touchStudent('a', 1),
      () => store.removeStudent('a'),
      () => store.setting('k'),
      () => store.setSetting('k', 'v'),
    ];
    for (const call of calls) {
      await assert.rejects(call(), (error: unknown) => {
        assert.ok(error instanceof StoreError);
        assert.match(error.message, /closed/);
        assert.ok(error.message.includes(file));
        return true;
      });
    }
  });
});
