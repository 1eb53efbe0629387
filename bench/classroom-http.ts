/**
 * The classroom's HTTP routes as a browser calls them, for the classroom section: JSON in and out, the server's
 * own Origin on every request (its CSRF check wants it), the cookie it set sent back, and how long the answer
 * took. node:http without keep-alive, as getHealth does: a pooled socket would outlive a lab server the section
 * kills on purpose, and undici's pool timers would keep the benchmark alive after it finished.
 */

import http from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** `name=value` of each Set-Cookie. */
  readonly cookies: readonly string[];
  /** From sending the request to the end of the answer, ms. */
  readonly ms: number;
}

export function requestJson(
  baseUrl: string,
  method: 'GET' | 'POST',
  pathname: string,
  options: { readonly body?: unknown; readonly cookie?: string; readonly timeoutMs: number },
): Promise<HttpAnswer> {
  const started = performance.now();
  const headers: Record<string, string> = { origin: baseUrl };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${baseUrl}${pathname}`,
      { method, agent: false, headers, timeout: options.timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', reject);
        response.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({
              status: response.statusCode ?? 0,
              body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
              cookies: (response.headers['set-cookie'] ?? []).map((line) => line.split(';')[0] ?? ''),
              ms: performance.now() - started,
            });
          } catch (error) {
            reject(new Error(`${method} ${pathname} answered ${response.statusCode} with no JSON: ${String(error)}`));
          }
        });
      },
    );
    request.once('timeout', () =>
      request.destroy(new Error(`${method} ${pathname}: no answer in ${options.timeoutMs} ms`)),
    );
    request.once('error', reject);
    request.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

/** The `name=value` of the cookie called `name`, or fails saying what the server answered instead. */
export function cookieNamed(answer: HttpAnswer, name: string, what: string): string {
  const cookie = answer.cookies.find((line) => line.startsWith(`${name}=`));
  if (answer.status !== 200 || cookie === undefined) {
    throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return cookie;
}
