/**
 * The rooms' arrows, as DESIGN.md draws them: the lab kit is the ground floor (it imports only the other
 * platform-free rooms, `src/common` and `src/protocol`); the labs build on it; the lab server runs labs it is
 * handed and never imports them — only its entry point (`lab-server/main.ts`) does, to hand the course's labs
 * in. Test code may import anything. Read from the sources' import statements, so a new arrow fails here.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Production sources of a room (tests and `testing/` helpers left out), as paths from the repository root. */
function sources(room: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'testing' && entry.name !== 'node_modules') walk(relative);
      } else if (/\.tsx?$/.test(entry.name) && !/\.(test|bench)\.tsx?$/.test(entry.name)) {
        found.push(relative);
      }
    }
  };
  walk(room);
  return found.sort();
}

/** The rooms (first path segments under the root, `src/<x>` for src) a file's imports reach. */
function importedRooms(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const rooms = new Set<string>();
  for (const match of text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)';/gm)) {
    const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), match[1] ?? ''));
    const [first, second] = target.split(path.sep);
    rooms.add(first === 'src' ? `src/${second}` : (first ?? ''));
  }
  return [...rooms];
}

function arrows(room: string, allowed: readonly string[]): string[] {
  return sources(room).flatMap((file) =>
    importedRooms(file)
      .filter((target) => target !== room && !allowed.includes(target))
      .map((target) => `${file} → ${target}`),
  );
}

describe('architecture', () => {
  it('the lab kit imports only the platform-free rooms', () => {
    assert.ok(sources('src/lab-kit').length > 3, 'the lab kit has sources');
    assert.deepEqual(arrows('src/lab-kit', ['src/common', 'src/protocol', 'src/i18n']), []);
  });

  it('the lab server never imports the labs; its entry point hands them in', () => {
    const found = arrows('lab-server', ['src/common', 'src/protocol', 'src/i18n', 'src/lab-kit']);
    assert.deepEqual(found, ['lab-server/main.ts → labs']);
  });

  it('the labs build on the kit, not on the lab server', () => {
    assert.deepEqual(arrows('labs', ['src/common', 'src/protocol', 'src/i18n', 'src/lab-kit']), []);
  });
});
