/**
 * Classroom mode's part of the configuration: INSTRUCTOR_PASSWORD read and held to a minimum length, and a
 * classroom bound to every interface refused until PUBLIC_HOST names the address students open (the join URL
 * would otherwise send them to their own machine). Local mode is unchanged by either.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, configFromEnv, resolveConfig } from '../config';

describe('classroom configuration', () => {
  it('reads INSTRUCTOR_PASSWORD, and none means a one-time token', () => {
    assert.equal(resolveConfig(configFromEnv({ LAB_MODE: 'classroom' })).instructorPassword, undefined);
    assert.equal(resolveConfig(configFromEnv({ INSTRUCTOR_PASSWORD: '' })).instructorPassword, undefined);
    const config = resolveConfig(configFromEnv({ LAB_MODE: 'classroom', INSTRUCTOR_PASSWORD: 'blackboard-2026' }));
    assert.equal(config.instructorPassword, 'blackboard-2026');
  });

  it('refuses a password shorter than 10 characters, naming the variable', () => {
    assert.throws(
      () => resolveConfig(configFromEnv({ LAB_MODE: 'classroom', INSTRUCTOR_PASSWORD: 'short' })),
      (error: unknown) => error instanceof ConfigError && /INSTRUCTOR_PASSWORD must be at least 10/.test(error.message),
    );
  });

  it('refuses a classroom on the wildcard address without PUBLIC_HOST', () => {
    for (const host of ['0.0.0.0', '::']) {
      assert.throws(
        () => configFromEnv({ LAB_MODE: 'classroom', HOST: host }),
        (error: unknown) => error instanceof ConfigError && /needs PUBLIC_HOST/.test(error.message),
      );
      const config = resolveConfig(configFromEnv({ LAB_MODE: 'classroom', HOST: host, PUBLIC_HOST: '192.168.1.20' }));
      assert.equal(config.publicHost, '192.168.1.20');
    }
    // A classroom on one address, and local mode on any, need nothing more.
    assert.equal(
      resolveConfig(configFromEnv({ LAB_MODE: 'classroom', HOST: '192.168.1.20' })).publicHost,
      '192.168.1.20',
    );
    assert.equal(resolveConfig(configFromEnv({ HOST: '0.0.0.0' })).mode, 'local');
  });
});
