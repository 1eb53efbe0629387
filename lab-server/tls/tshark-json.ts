/**
 * Reading tshark's `-T json --no-duplicate-keys` tree, decoded at the boundary from `unknown`: each protocol
 * layer an object of fields, a field that occurs more than once an array of its values, a subtree an object
 * keyed by a field name or by a label (`Extension: server_name (len=14)`). tshark writes the tree as it
 * dissected it, so the order of a message's fields is the wire order. Everything here is total: a field that
 * is missing, or of a shape tshark would not write, reads as absent.
 */

export type JsonTree = { readonly [key: string]: unknown };

export function isTree(value: unknown): value is JsonTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field's occurrences: an array stays one, a single value becomes a list of one, a missing field none. */
export function occurrences(value: unknown): readonly unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The subtrees under `key` (one, several, or none). */
export function trees(parent: JsonTree, key: string): JsonTree[] {
  return occurrences(parent[key]).filter(isTree);
}

/** The first value of a string field directly in `parent`. */
export function text(parent: JsonTree, key: string): string | undefined {
  const first = occurrences(parent[key])[0];
  return typeof first === 'string' ? first : undefined;
}

/** A numeric field (`"29"`, `"0x001d"`) as a number; undefined when absent or not a number. */
export function numberField(parent: JsonTree, key: string): number | undefined {
  return toNumber(text(parent, key));
}

export function toNumber(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^(?:\d{1,15}|0x[0-9a-fA-F]{1,12})$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Every value of field `key` anywhere under `parent`, in tree (wire) order, not descending into the subtrees
 * `skip` accepts (by their key).
 */
export function collect(parent: JsonTree, key: string, skip?: (key: string) => boolean, limit = 4096): string[] {
  const found: string[] = [];
  const visit = (node: JsonTree, depth: number): void => {
    for (const [name, value] of Object.entries(node)) {
      if (found.length >= limit) return;
      for (const item of occurrences(value)) {
        if (name === key && typeof item === 'string') found.push(item);
        else if (isTree(item) && depth < 32 && skip?.(name) !== true) visit(item, depth + 1);
      }
    }
  };
  visit(parent, 0);
  return found.slice(0, limit);
}

/** tshark's bytes (`16:03:01`) as lower-case hex without separators; undefined when not bytes. */
export function hexBytes(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === '') return '';
  if (!/^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2})*$/.test(value)) return undefined;
  return value.replaceAll(':', '').toLowerCase();
}
