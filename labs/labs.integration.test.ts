/**
 * One test over every lab of `LABS`, so a new lab cannot skip it: against a real lab server, an empty attempt
 * (a session opened and left alone) passes no check and lets no question be judged, and the lab's reference
 * solution (`solution` in `labs/<id>/solution.ts`, a `LabSolution`), run with real sockets against the session's
 * servers, makes every check pass; with real capture, every question answered from the session's own packets is
 * judged right. The solution's lab-terminal lines, typed into a session's shell one prompt after another as the
 * lesson walks a student through them, make every check pass too: a lesson can be done from the terminal as
 * well as from a program. Without capture (here a lab server started without it, and the capture one where
 * packets cannot be captured) the solution fails no check, and a check left open says that capture is off. A
 * lab's own tests keep what is particular to it: mistakes, hedged answers, translations, the lesson's listings.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningLabServer, startLabServer } from '../lab-server/lab-server';
import { setQuiet } from '../lab-server/log';
import { answer, pagePackets, startCaptureLabServer, waitForPagePackets } from '../lab-server/testing/capture-lab';
import { TestClient } from '../lab-server/testing/test-client';
import { testDataDir } from '../lab-server/testing/test-data-dir';
import { pick } from '../src/common/localized';
import type { LabDefinition, LabSolution } from '../src/lab-kit';
import { CAPTURE_OFF } from './common/capture-notes';
import { LABS } from './index';

setQuiet(true);

/** Answers of every kind the questions take; on an empty attempt none of them can be judged. */
const GUESSES = ['0', '1', 'client', 'server', 'RST, ACK'];
/** How long a session must stay quiet (no message) for its checks to count as settled. */
const QUIET_MS = 400;

async function solutionOf(lab: LabDefinition): Promise<LabSolution> {
  const module: unknown = await import(`./${lab.id}/solution.ts`);
  const solution = (module as { readonly solution?: Partial<LabSolution> }).solution;
  assert.equal(typeof solution?.run, 'function', `labs/${lab.id}/solution.ts exports no solution: LabSolution`);
  return solution as LabSolution;
}

/** Waits until the session has sent nothing for `QUIET_MS`: what the last socket event changed has arrived. */
async function settled(page: TestClient, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  let seen = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    if (page.messages.length !== seen) {
      seen = page.messages.length;
      since = Date.now();
    } else if (Date.now() - since >= QUIET_MS) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the session never went quiet within ${ms} ms`);
}

/** How long one line typed in the lab terminal may take to give the prompt back (`sleep 60` is the longest). */
const LINE_MS = 70_000;

/** Types the solution's lab-terminal lines into the page's shell, each once the prompt is back after the last. */
async function typeTerminal(page: TestClient, solution: LabSolution): Promise<void> {
  assert.ok(solution.terminal.length > 0, 'the solution says what a student types in the lab terminal');
  for (const line of solution.terminal) await page.typeAndWait(line, LINE_MS);
}

/** Once the session is quiet: no check failed, and each one still open waits for the capture that is off. */
async function assertNoneFailedWithoutCapture(page: TestClient): Promise<void> {
  await settled(page);
  for (const [id, check] of page.checks()) {
    assert.notEqual(check.state, 'failed', `${id}: ${check.detail}`);
    if (check.state === 'pending') assert.ok(check.detail.includes(pick(CAPTURE_OFF, 'en')), check.detail);
  }
}

function states(page: TestClient): Record<string, string> {
  return Object.fromEntries([...page.checks()].map(([id, check]) => [id, check.state]));
}

async function assertEmptyAttemptPassesNothing(url: string, lab: LabDefinition): Promise<void> {
  const page = await TestClient.open(url, lab.id);
  page.send({ type: 'ping', id: 1 });
  await page.waitFor((m) => m.type === 'pong');
  await settled(page);
  const all = Object.fromEntries(lab.checks.map((check) => [check.id, 'pending']));
  assert.deepEqual(states(page), all, 'every check waits for the student');
  for (const question of lab.questions ?? []) {
    for (const guess of GUESSES) {
      assert.equal(await answer(page, question.id, guess), 'pending', `${question.id} = ${guess}: nothing to judge by`);
    }
  }
  await page.close();
}

describe('every lab without capture', () => {
  let server: RunningLabServer;
  before(async () => {
    server = await startLabServer(
      { port: 0, labPorts: { first: 38500, last: 38999 }, capture: 'off', dataDir: testDataDir() },
      LABS,
    );
  });
  after(() => server.close());

  for (const lab of LABS) {
    describe(`lab ${lab.id}`, () => {
      it('passes no check on an empty attempt, and judges no answer', async () => {
        await assertEmptyAttemptPassesNothing(server.url, lab);
      });

      it('fails no check on the reference solution; a check left open says capture is off', async () => {
        const solution = await solutionOf(lab);
        const page = await TestClient.open(server.url, lab.id);
        await solution.run(page.welcome.servers, page.panel());
        await assertNoneFailedWithoutCapture(page);
        await page.close();
      });
    });
  }
});

describe('every lab with real capture', () => {
  let server: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    ({ server, skipReason: skip } = await startCaptureLabServer({ first: 38000, last: 38499 }));
  });
  after(() => server.close());

  for (const lab of LABS) {
    describe(`lab ${lab.id}`, () => {
      // Capture or not, an empty attempt has nothing to pass.
      it('passes no check on an empty attempt, and judges no answer', async () => {
        await assertEmptyAttemptPassesNothing(server.url, lab);
      });

      it('passes every check on the reference solution, and every answer it reads from the packets', async (t) => {
        if (skip) return t.skip(skip);
        const solution = await solutionOf(lab);
        const questions = lab.questions ?? [];
        if (questions.length > 0) assert.ok(solution.answers, `labs/${lab.id}/solution.ts answers no question`);
        const page = await TestClient.open(server.url, lab.id);
        const servers = page.welcome.servers;
        await solution.run(servers, page.panel());
        for (const check of lab.checks) await page.waitForCheck(check.id, 'passed', 10_000);
        if (solution.answers === undefined) return;
        const read = solution.answers.bind(solution);
        await waitForPagePackets(page, (packets) => read(packets, servers) !== undefined);
        const answers = read(pagePackets(page), servers) ?? {};
        assert.deepEqual(Object.keys(answers).sort(), questions.map((question) => question.id).sort());
        for (const [id, value] of Object.entries(answers)) {
          // A question on a TLS handshake may be asked before the session has read that handshake from its
          // capture: it waits as `pending`, and the session judges it again when the handshake arrives.
          const from = page.messages.length;
          let state = await answer(page, id, value);
          if (state === 'pending') {
            const judged = await page.waitFor(
              (m) =>
                m.type === 'question' &&
                m.question.id === id &&
                m.question.state !== 'pending' &&
                page.messages.indexOf(m) >= from,
              20_000,
            );
            state = judged.type === 'question' ? judged.question.state : state;
          }
          assert.equal(state, 'passed', `${id} = ${value}: ${lastQuestionDetail(page, id)}`);
        }
        await page.close();
      });

      it('passes every check from the lab terminal, typed as the lesson walks through it', async (t) => {
        if (skip) return t.skip(skip);
        const solution = await solutionOf(lab);
        const page = await TestClient.open(server.url, lab.id);
        await typeTerminal(page, solution);
        for (const check of lab.checks) {
          await page.waitForCheck(check.id, 'passed', 10_000).catch((error: Error) => {
            throw new Error(`${error.message}\nthe terminal shows:\n${page.output.slice(-4000)}`);
          });
        }
        await page.close();
      });
    });
  }
});

function lastQuestionDetail(page: TestClient, id: string): string {
  const verdicts = page.messages.flatMap((m) => (m.type === 'question' && m.question.id === id ? [m.question] : []));
  return verdicts.at(-1)?.detail ?? '';
}
