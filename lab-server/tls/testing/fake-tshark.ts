/**
 * Stand-ins for tshark where a test needs it to misbehave: one that hangs (and says its pid, so the test can
 * tell it was killed), one that fails as tshark does on a file it cannot read, one that prints junk.
 */

import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type FakeTshark = 'hang' | 'fail' | 'junk';

const BODIES: Record<FakeTshark, string> = {
  hang: 'echo $$ >> "$(dirname "$0")/pids"\nexec sleep 30\n',
  fail: 'echo "Running as user \\"root\\" and group \\"root\\". This could be dangerous." >&2\necho "tshark: The file isn\'t a capture file in a format TShark understands." >&2\nexit 2\n',
  junk: "printf '[\\n  {\\n    not json\\n  },\\n  {\\n  }\\n]\\n'\nhead -c 100000 /dev/zero | tr '\\\\0' x\necho\n",
};

/** Writes the fake into `directory` and returns its path; a hanging one appends its pid to `directory/pids`. */
export async function writeFakeTshark(directory: string, kind: FakeTshark): Promise<string> {
  const path = join(directory, `tshark-${kind}`);
  await writeFile(path, `#!/bin/sh\n${BODIES[kind]}`);
  await chmod(path, 0o755);
  return path;
}
