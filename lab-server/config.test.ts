/**
 * The environment variables the README and the HTTP API page document, read as they say: here the capture
 * buffer's size, whose default is what the benchmark showed a 30 000 datagrams/s burst needs, and whose bounds
 * refuse a value the kernel could not or should not allocate, with the variable's name in the message.
 */

import assert from 'node:assert/strict';
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
});
