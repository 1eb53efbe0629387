/**
 * Small readers that pull typed fields out of an `unknown` JSON value and, when a field is wrong, throw a
 * LabError whose message names the field, what was expected and what arrived. Both decoders are built on them,
 * so every bad message gets the same kind of precise answer.
 */

import { LabError } from './errors';

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Describes a value for an error message without echoing much of it back. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    return value.length > 24 ? `a string of ${value.length} characters` : JSON.stringify(value);
  }
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function invalid(context: string, field: string, expected: string, value: unknown): LabError {
  return new LabError('LAB_ERR_MESSAGE_INVALID', `${context}: "${field}" must be ${expected}, got ${describe(value)}.`);
}

export function readString(
  object: JsonObject,
  field: string,
  context: string,
  limits: { min?: number; max: number; pattern?: RegExp; patternText?: string },
): string {
  const value = object[field];
  const min = limits.min ?? 0;
  const expected =
    limits.patternText ??
    (min > 0 ? `a string of ${min} to ${limits.max} characters` : `a string of at most ${limits.max} characters`);
  if (typeof value !== 'string' || value.length < min || value.length > limits.max) {
    throw invalid(context, field, expected, value);
  }
  if (limits.pattern !== undefined && !limits.pattern.test(value)) {
    throw invalid(context, field, expected, value);
  }
  return value;
}

export function readInteger(
  object: JsonObject,
  field: string,
  context: string,
  range: { readonly min: number; readonly max: number },
): number {
  const value = object[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw invalid(context, field, `an integer from ${range.min} to ${range.max}`, value);
  }
  return value;
}

export function readBoolean(object: JsonObject, field: string, context: string): boolean {
  const value = object[field];
  if (typeof value !== 'boolean') throw invalid(context, field, 'true or false', value);
  return value;
}

export function readObject(object: JsonObject, field: string, context: string): JsonObject {
  const value = object[field];
  if (!isObject(value)) throw invalid(context, field, 'an object', value);
  return value;
}

export function readArray(object: JsonObject, field: string, context: string): readonly unknown[] {
  const value = object[field];
  if (!Array.isArray(value)) throw invalid(context, field, 'an array', value);
  return value;
}

export function readOneOf<const T extends string>(
  object: JsonObject,
  field: string,
  context: string,
  allowed: readonly T[],
): T {
  const value = object[field];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(context, field, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, value);
  }
  return value as T;
}

/** Rejects fields the protocol does not define, so a typo in a page is reported instead of ignored. */
export function rejectUnknownFields(object: JsonObject, allowed: readonly string[], context: string): void {
  for (const key of Object.keys(object)) {
    if (key !== 'type' && !allowed.includes(key)) {
      throw new LabError('LAB_ERR_MESSAGE_INVALID', `${context}: unknown field "${key.slice(0, 40)}".`);
    }
  }
}

/** Parses JSON text into an object, or throws LAB_ERR_MESSAGE_MALFORMED saying why. */
export function parseJsonObject(text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'it could not be parsed';
    throw new LabError('LAB_ERR_MESSAGE_MALFORMED', `The message is not valid JSON: ${reason}.`);
  }
  if (!isObject(value)) {
    throw new LabError('LAB_ERR_MESSAGE_MALFORMED', `The message must be a JSON object, got ${describe(value)}.`);
  }
  return value;
}
