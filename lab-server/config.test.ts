/**
 * The environment variables the README and the HTTP API page document, read as they say: here the capture
 * buffer's size, whose default is what the benchmark showed a 30 000 datagrams/s burst needs, and whose bounds
 * refuse a value the kernel could not or should not allocate, with the variable's name in the message; and the
 * data directory the class PKI is kept in, with NEW_PKI to replace it.
 */

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, configFromEnv, resolveConfig } from './config';

describe('configuration from the environment', () => {
  it('sizes the capture buffer at 128 MiB unless CAPTURE_BUFFER_MIB says otherwise', () => {
    assert.equal(resolveConfig(configFromEnv({})).captureBufferMiB, 128);
    assert.equal(resolveConfig(configFromEnv({ CAPTURE_BUFFER_MIB: '32' })).captureBufferMiB, 32);
  });

  it('refuses a capture buffer that is not a whole number of MiB from 4 to 1024', () => {
    for (const text of ['abc', '-5', '1.5']) {
      assert.throws(
        () => configFromEnv({ CAPTURE_BUFFER_MIB: text }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /CAPTURE_BUFFER_MIB must be a whole number/);
          return true;
        },
      );
    }
    for (const text of ['0', '3', '1025']) {
      assert.throws(() => resolveConfig(configFromEnv({ CAPTURE_BUFFER_MIB: text })), /from 4 to 1024, got/);
    }
  });

  it('keeps its data in ./data unless DATA_DIR says where, always as an absolute path', () => {
    assert.equal(resolveConfig(configFromEnv({})).dataDir, path.resolve('data'));
    assert.equal(resolveConfig(configFromEnv({ DATA_DIR: 'var/lab' })).dataDir, path.resolve('var/lab'));
    assert.equal(resolveConfig(configFromEnv({ DATA_DIR: '/srv/socketlab' })).dataDir, '/srv/socketlab');
    assert.throws(() => resolveConfig(configFromEnv({ DATA_DIR: ' ' })), /DATA_DIR must name a directory/);
  });

  it('makes a new class PKI only when NEW_PKI=1, and refuses another value', () => {
    assert.equal(resolveConfig(configFromEnv({})).newPki, false);
    assert.equal(resolveConfig(configFromEnv({ NEW_PKI: '1' })).newPki, true);
    assert.equal(resolveConfig(configFromEnv({ NEW_PKI: '0' })).newPki, false);
    for (const text of ['yes', 'true', '2']) {
      assert.throws(() => configFromEnv({ NEW_PKI: text }), /NEW_PKI must be 1 \(make a new class PKI\) or 0, got/);
    }
  });
});
