/**
 * Writes fuzz values as JSON text, including what `JSON.stringify` cannot write: fragments of raw text (arrays
 * nested deeper than a recursive writer survives, `1e999`, which parses as Infinity) and object keys such as
 * `__proto__`, which an object literal or an assignment would turn into a prototype instead of a key.
 */

/** JSON text put into the output as it is. */
export class RawJson {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }
}

/** An own, enumerable key, whatever its name: `object.__proto__ = v` would set the prototype instead. */
export function setOwn(object: object, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** JSON text of `value`; objects by their own enumerable keys, `RawJson` as its text, `undefined` as null. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .map((key) => `${JSON.stringify(key)}:${toJsonText(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
