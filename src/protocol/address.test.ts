/**
 * Addresses look the same everywhere: brackets around IPv6, mapped IPv4 shown as IPv4.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatHostPort } from './address';

describe('formatHostPort', () => {
  it('writes IPv4, IPv6 and names as people read them', () => {
    assert.equal(formatHostPort('127.0.0.1', 20417), '127.0.0.1:20417');
    assert.equal(formatHostPort('::1', 20417), '[::1]:20417');
    assert.equal(formatHostPort('::ffff:127.0.0.1', 54122), '127.0.0.1:54122');
    assert.equal(formatHostPort('localhost', 8080), 'localhost:8080');
    assert.equal(formatHostPort('lab.local', 9), 'lab.local:9');
  });
});
