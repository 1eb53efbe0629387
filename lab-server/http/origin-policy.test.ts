/**
 * Which pages may open the lab WebSocket, by scheme: the http origins of a plain server, the https ones of a
 * server given a certificate (and not the http ones of the same host and port), the dev server's extra origins
 * under both, and behind a trusted reverse proxy the proxy's origin — PUBLIC_HOST on the default port — with
 * the Host header the proxy passes on. A look-alike name is refused in every case.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOriginPolicy } from './origin-policy';

const base = { host: '127.0.0.1', port: 8443, publicHost: '127.0.0.1', extraOrigins: ['http://localhost:3000'] };
const certificate = { cert: 'PEM', key: 'PEM' };

describe('origin policy', () => {
  it('accepts the http origins of a plain server', () => {
    const policy = createOriginPolicy(base);
    assert.equal(policy.allows('http://127.0.0.1:8443', '127.0.0.1:8443'), true);
    assert.equal(policy.allows('http://localhost:8443', 'localhost:8443'), true);
    assert.equal(policy.allows('https://127.0.0.1:8443', '127.0.0.1:8443'), false);
  });

  it('accepts the https origins of a server that serves HTTPS, and keeps the dev server’s', () => {
    const policy = createOriginPolicy({ ...base, https: certificate });
    assert.equal(policy.allows('https://127.0.0.1:8443', '127.0.0.1:8443'), true);
    assert.equal(policy.allows('https://[::1]:8443', '[::1]:8443'), true);
    assert.equal(policy.allows('http://127.0.0.1:8443', '127.0.0.1:8443'), false);
    assert.equal(policy.allows('http://localhost:3000', '127.0.0.1:8443'), true);
    assert.equal(policy.allows('https://evil.example:8443', 'evil.example:8443'), false);
  });

  it('leaves the default port out of an https origin on 443', () => {
    const policy = createOriginPolicy({
      ...base,
      host: '0.0.0.0',
      port: 443,
      publicHost: 'lab.school.example',
      https: certificate,
    });
    assert.equal(policy.allows('https://lab.school.example', 'lab.school.example'), true);
    assert.equal(policy.allows('https://lab.school.example:443', 'lab.school.example:443'), true);
    assert.equal(policy.allows('http://lab.school.example', 'lab.school.example'), false);
  });

  it('behind a trusted proxy, accepts PUBLIC_HOST on the default port with the Host the proxy passes on', () => {
    const behind = { ...base, port: 8080, publicHost: 'lab.school.example', trustedProxies: ['127.0.0.1'] };
    const policy = createOriginPolicy(behind);
    assert.equal(policy.allows('https://lab.school.example', 'lab.school.example'), true);
    assert.equal(policy.allows('http://lab.school.example', 'lab.school.example'), true);
    assert.equal(policy.allowsHost('lab.school.example'), true);
    // A proxy that sends its own upstream Host (nginx's default) is still this server.
    assert.equal(policy.allows('https://lab.school.example', '127.0.0.1:8080'), true);
    assert.equal(policy.allows('https://lab.school.example.evil.example', 'lab.school.example'), false);
    assert.equal(policy.allowsHost('evil.example'), false);
    const noProxy = createOriginPolicy({ ...behind, trustedProxies: [] });
    assert.equal(noProxy.allows('https://lab.school.example', 'lab.school.example'), false);
  });
});
