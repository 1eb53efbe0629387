/**
 * A request's body, read no further than a bound: the client's Content-Length is not ours to trust, so the
 * count is of the bytes that actually arrive, and reading stops at the first one past the limit.
 */

import type { IncomingMessage } from 'node:http';

/** The body, or undefined once it passes `limit` bytes (whatever Content-Length said). */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    function requestOnData(chunk: Buffer): void {
      size += chunk.length;
      if (size > limit) {
        request.off('data', requestOnData);
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    }
    request.on('data', requestOnData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}
