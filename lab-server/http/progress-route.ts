/**
 * `GET /api/progress`: what the requesting student passed, per lab — each check and question with the time it
 * was first passed, and `done` once every check of the lab passed. The course sidebar reads it once per page
 * load to mark the lessons whose labs are done. The student is the request's owner (`ownerOf` in
 * lab-server.ts): in local mode the one student at this machine.
 */

import type { IncomingMessage } from 'node:http';
import type { LabDefinition } from '../../src/lab-kit';
import type { OwnerId, PassRecord, ProgressStore } from '../store/progress-store';
import type { Route } from './router';
import { sendJson } from './send-json';

export interface PassedItem {
  readonly id: string;
  /** Milliseconds since the epoch. */
  readonly firstPassedAt: number;
}

export interface LabProgress {
  readonly checks: readonly PassedItem[];
  readonly questions: readonly PassedItem[];
  /** Every check of the lab passed (questions are extra practice and do not count). */
  readonly done: boolean;
}

export interface ProgressAnswer {
  /** Only labs with at least one pass, by lab id. */
  readonly labs: Readonly<Record<string, LabProgress>>;
}

/** One owner's passes folded per lab; passes of labs the course no longer has are left out. */
export function progressOf(passes: readonly PassRecord[], labs: readonly LabDefinition[]): ProgressAnswer {
  const result: Record<string, LabProgress> = {};
  for (const lab of labs) {
    const mine = passes.filter((pass) => pass.lab === lab.id);
    if (mine.length === 0) continue;
    const items = (kind: PassRecord['kind'], known: readonly { readonly id: string }[]): PassedItem[] =>
      mine
        .filter((pass) => pass.kind === kind && known.some((item) => item.id === pass.item))
        .map((pass) => ({ id: pass.item, firstPassedAt: pass.firstPassedAt }));
    const checks = items('check', lab.checks);
    result[lab.id] = {
      checks,
      questions: items('question', lab.questions ?? []),
      done: lab.checks.length > 0 && lab.checks.every((check) => checks.some((item) => item.id === check.id)),
    };
  }
  return { labs: result };
}

export function progressRoute(
  store: ProgressStore,
  labs: readonly LabDefinition[],
  /** Undefined for a stranger to a classroom, who has passed nothing. */
  ownerOf: (request: IncomingMessage) => Promise<OwnerId | undefined>,
  /** The WebSocket's origin policy: a page it lets drive a lab may read that lab's progress. */
  allowsOrigin: (origin: string, host: string | undefined) => boolean,
): Route {
  return {
    path: '/api/progress',
    methods: ['GET'],
    async handle(request, response) {
      // A store that fails rejects here, and the router answers 500 with LAB_ERR_INTERNAL.
      const owner = await ownerOf(request);
      const body = progressOf(owner === undefined ? [] : await store.passesOf(owner), labs);
      // In `npm run dev` the pages come from the Docusaurus dev server (EXTRA_ORIGINS), another origin.
      const origin = request.headers.origin;
      const cors =
        origin !== undefined && allowsOrigin(origin, request.headers.host)
          ? { 'access-control-allow-origin': origin, vary: 'Origin' }
          : { vary: 'Origin' };
      sendJson(response, 200, body, cors);
    },
  };
}
