/**
 * One HTTP or HTTPS GET for tests, read whole: the status, the headers and the body as text. Node's own clients
 * (not `fetch`), so a test can pass TLS options such as the CA it trusts and headers `fetch` would not send.
 */

import http from 'node:http';
import https from 'node:https';

export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Reads a response to its end. */
export function readAnswer(response: http.IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      body += chunk;
    });
    response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    response.on('error', reject);
  });
}

export function httpGet(url: string, options: https.RequestOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    client.get(url, options, (response) => readAnswer(response).then(resolve, reject)).on('error', reject);
  });
}
