/**
 * Loads the course's labs and validates them once at start, so a typo in a lab folder (a duplicate check id,
 * an unknown server kind) stops the server with a message naming the lab instead of failing a student later.
 */

import { localized } from '../../src/common/localized';
import type { LabDefinition } from '../../src/lab-kit';
import { badFaultValue, isFaultKind, isFaultValue, isViewId, LabError, VIEW_IDS } from '../../src/protocol';
import { isServerKind } from '../servers';

const TEXT = localized({
  en: { unknown: (id: string, known: string) => `No lab has the id "${id}"; known labs: ${known}.` },
  'zh-Hans': { unknown: (id, known) => `没有 id 为 "${id}" 的实验；已有的实验：${known}。` },
});

const ID = /^[a-z0-9][a-z0-9-]*$/;

export class LabRegistry {
  readonly #labs = new Map<string, LabDefinition>();

  constructor(labs: readonly LabDefinition[]) {
    for (const lab of labs) {
      validateLab(lab);
      if (this.#labs.has(lab.id)) throw new Error(`Two labs have the id "${lab.id}".`);
      this.#labs.set(lab.id, lab);
    }
  }

  get(id: string): LabDefinition {
    const lab = this.#labs.get(id);
    if (lab === undefined) {
      throw new LabError('LAB_ERR_LAB_UNKNOWN', TEXT.unknown(id, this.ids().join(', ')));
    }
    return lab;
  }

  ids(): string[] {
    return [...this.#labs.keys()];
  }
}

function validateLab(lab: LabDefinition): void {
  const where = `lab "${lab.id}"`;
  if (!ID.test(lab.id)) throw new Error(`${where}: the id must be lowercase letters, digits and dashes.`);
  if (lab.servers.length === 0) throw new Error(`${where}: a lab starts at least one server.`);
  const serverIds = new Set<string>();
  for (const server of lab.servers) {
    if (!ID.test(server.id)) throw new Error(`${where}: server id "${server.id}" is not a lowercase name.`);
    if (serverIds.has(server.id)) throw new Error(`${where}: two servers are called "${server.id}".`);
    if (!isServerKind(server.kind)) throw new Error(`${where}: unknown server kind "${server.kind}".`);
    serverIds.add(server.id);
  }
  const checkIds = new Set<string>();
  for (const check of lab.checks) {
    if (!ID.test(check.id)) throw new Error(`${where}: check id "${check.id}" is not a lowercase name.`);
    if (checkIds.has(check.id)) throw new Error(`${where}: two checks are called "${check.id}".`);
    checkIds.add(check.id);
  }
  const questionIds = new Set<string>();
  for (const question of lab.questions ?? []) {
    if (!ID.test(question.id)) throw new Error(`${where}: question id "${question.id}" is not a lowercase name.`);
    if (questionIds.has(question.id)) throw new Error(`${where}: two questions are called "${question.id}".`);
    questionIds.add(question.id);
  }
  const views = new Set<string>();
  for (const view of lab.views ?? []) {
    if (!isViewId(view)) throw new Error(`${where}: unknown view "${view}"; views: ${VIEW_IDS.join(', ')}.`);
    if (views.has(view)) throw new Error(`${where}: the view "${view}" is listed twice.`);
    views.add(view);
  }
  if (lab.views?.length === 0) throw new Error(`${where}: a lab shows at least one view.`);
  const faults = new Set<string>();
  for (const fault of lab.faults ?? []) {
    const name = `${fault.kind} on "${fault.server}"`;
    if (!isFaultKind(fault.kind)) throw new Error(`${where}: unknown fault "${fault.kind}".`);
    if (!serverIds.has(fault.server)) throw new Error(`${where}: the fault ${name} names no server of the lab.`);
    if (faults.has(name)) throw new Error(`${where}: the fault ${name} is listed twice.`);
    const value = fault.value ?? 0;
    if (!isFaultValue(fault.kind, value)) {
      throw new Error(`${where}: the fault ${name} starts at ${badFaultValue(fault.kind, value).en}`);
    }
    if (fault.kind === 'restart' && value !== 0) {
      throw new Error(`${where}: the fault ${name} starts at ${value}: a restart starts at 0, the server running.`);
    }
    faults.add(name);
  }
}
