/**
 * Near-valid messages: a valid message of one type with a few of its fields broken — given a value of the
 * wrong type, a number past its range, a string past its length, a lone surrogate, or deleted; with fields
 * added, prototype keys among them; with its type swapped — and sometimes its JSON text itself damaged. These
 * reach the decoders' field checks, which random JSON rarely does.
 */

import { hostileKey, hostileString, hostileValue, oddNumber, pollutionPayload, randomText } from './hostile-values';
import { RawJson, setOwn, toJsonText } from './json-text';
import type { SeededRandom } from './seeded-random';
import { messageTypes, type Side, validMessage } from './valid-messages';

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null && !(value instanceof RawJson);
}

/** Every object and array inside `root`, `root` included. */
function containers(root: Container): Container[] {
  const found: Container[] = [root];
  for (let i = 0; i < found.length; i++) {
    for (const child of Object.values(found[i]!)) if (isContainer(child)) found.push(child);
  }
  return found;
}

/** A value of another kind than `value`, or one at the edge of its kind. */
function wrongValue(random: SeededRandom, value: unknown): unknown {
  if (typeof value === 'number') return random.pick([String(value), oddNumber(random), value > 0, null, [value]]);
  if (typeof value === 'string') {
    // The same text many times over keeps its form (hex stays hex) and tests only the length limit; at most
    // about 100 000 characters, or a second mutation of the same field would make megabytes of it.
    const times = Math.min(random.pick([2, 30, 200, 3_000]), Math.ceil(100_000 / Math.max(1, value.length)));
    const longer = value.repeat(times);
    return random.pick([hostileString(random), longer, longer, value.length, { value }, [value]]);
  }
  if (typeof value === 'boolean') return random.pick([String(value), Number(value), null]);
  return hostileValue(random);
}

function mutateObject(random: SeededRandom, object: Record<string, unknown>): void {
  const keys = Object.keys(object);
  const key = keys.length > 0 ? random.pick(keys) : 'type';
  switch (random.int(0, 5)) {
    case 0:
      object[key] = wrongValue(random, object[key]);
      break;
    case 1:
      object[key] = hostileValue(random);
      break;
    case 2:
      delete object[key];
      break;
    case 3:
      setOwn(object, random.pick(['__proto__', 'constructor', 'prototype']), pollutionPayload());
      break;
    default:
      setOwn(object, hostileKey(random), hostileValue(random));
  }
}

function mutateArray(random: SeededRandom, array: unknown[]): void {
  switch (random.int(0, 3)) {
    case 0:
      array.push(hostileValue(random));
      break;
    case 1:
      if (array.length > 0) array[random.int(0, array.length - 1)] = hostileValue(random);
      break;
    case 2:
      array.length = 0;
      break;
    default: {
      // Many copies of one element: a long array. Fewer of an object (a packet is half a kilobyte of text).
      const first = array[0] ?? null;
      const count = typeof first === 'object' && first !== null ? random.pick([20, 200]) : random.pick([100, 5_000]);
      array.push(...Array.from({ length: count }, () => first));
    }
  }
}

function mutateType(random: SeededRandom, message: Record<string, unknown>, side: Side): void {
  const other: Side = side === 'client' ? 'server' : 'client';
  // An earlier mutation may have made the type anything, even an object whose own `toString` is not a function.
  const type = typeof message.type === 'string' ? message.type : 'hello';
  message.type = random.pick([
    random.pick(messageTypes(side)),
    random.pick(messageTypes(other)),
    type.toUpperCase(),
    ` ${type}`,
    hostileString(random),
    hostileValue(random),
  ]);
}

/** Damage to the text: cut, a character changed or inserted, a second `type`, wrapped, padded. */
export function mutateText(random: SeededRandom, text: string): string {
  const at = random.int(0, text.length);
  switch (random.int(0, 6)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return `${text.slice(0, at)}${randomText(random, 1)}${text.slice(at + 1)}`;
    case 2:
      return `${text.slice(0, at)}${randomText(random, random.int(1, 3))}${text.slice(at)}`;
    case 3:
      // JSON.parse keeps the last of two equal keys: the decoder must judge that one.
      return text.replace('{', `{"type":${JSON.stringify(hostileString(random))},`);
    case 4:
      return `${text.slice(0, -1)},"type":"hello"}`;
    case 5:
      return `[${text}]`;
    default:
      return random.pick(['\ufeff', ' \n\t', '\u00a0']) + text + random.pick(['', ' ', '\n', ',', '}', 'x']);
  }
}

/** One to three mutations of a valid message of `type`, as JSON text (itself damaged now and then). */
export function nearValidMessage(random: SeededRandom, side: Side, type: string): string {
  const message = validMessage(side, type);
  for (let n = random.int(1, 3); n > 0; n--) {
    if (random.chance(0.15)) {
      mutateType(random, message, side);
      continue;
    }
    const target = random.pick(containers(message));
    if (Array.isArray(target)) mutateArray(random, target);
    else mutateObject(random, target);
  }
  const text = toJsonText(message);
  return random.chance(0.15) ? mutateText(random, text) : text;
}
