/**
 * The environment variables the README and the HTTP API page document, read as they say: here the capture
 * buffer's size, whose default is what the benchmark showed a 30 000 datagrams/s burst needs, and whose bounds
 * refuse a value the kernel could not or should not allocate, with the variable's name in the message; and the
 * data directory the class PKI is kept in, with NEW_PKI to replace it; and the HTTPS certificate and key, with
 * real files made from the class PKI, each wrong file refused with a sentence that names it and the fix.
 */

import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, configFromEnv, resolveConfig } from './config';
import { type HttpsTestFiles, makeHttpsFiles } from './testing/https-files';

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

describe('HTTPS_CERT and HTTPS_KEY', () => {
  let files: HttpsTestFiles;
  before(async () => {
    files = await makeHttpsFiles();
  });
  after(() => files.remove());

  /** The ConfigError `resolveConfig` throws for these files; fails the test if it throws none. */
  const refusal = (certFile: string, keyFile: string): string => {
    try {
      resolveConfig(configFromEnv({ HTTPS_CERT: certFile, HTTPS_KEY: keyFile }));
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error.message;
    }
    assert.fail('the configuration was accepted');
  };

  it('serves plain HTTP without them, and keeps the chain and key when both name good files', () => {
    assert.equal(resolveConfig(configFromEnv({})).https, undefined);
    const https = resolveConfig(configFromEnv({ HTTPS_CERT: files.certFile, HTTPS_KEY: files.keyFile })).https;
    assert.ok(https !== undefined);
    assert.equal(https.cert.match(/-----BEGIN CERTIFICATE-----/g)?.length, 2, 'the leaf and the intermediate');
    assert.match(https.key, /-----BEGIN PRIVATE KEY-----/);
  });

  it('wants both or neither', () => {
    assert.throws(
      () => configFromEnv({ HTTPS_CERT: files.certFile }),
      /HTTPS_CERT and HTTPS_KEY go together: HTTPS_KEY is not set/,
    );
    assert.throws(() => configFromEnv({ HTTPS_KEY: files.keyFile }), /HTTPS_KEY go together: HTTPS_CERT is not set/);
  });

  it('names a file it cannot read', () => {
    const missing = path.join(files.dir, 'missing.pem');
    assert.match(
      refusal(missing, files.keyFile),
      /^HTTPS_CERT \(.*missing\.pem\) cannot be read: there is no such file/,
    );
    assert.match(refusal(files.certFile, files.dir), /^HTTPS_KEY \(.*\) cannot be read: it is a directory/);
  });

  it('refuses files that are not PEM, and says when the two are swapped', async () => {
    const garbage = await files.write('garbage.pem', 'not a certificate\n\u0000\u0001');
    assert.match(refusal(garbage, files.keyFile), /HTTPS_CERT \(.*garbage\.pem\) holds no PEM certificate/);
    assert.match(refusal(files.certFile, garbage), /HTTPS_KEY \(.*garbage\.pem\) holds no PEM private key/);
    assert.match(
      refusal(files.keyFile, files.certFile),
      /HTTPS_CERT .* holds a private key, not a certificate: are HTTPS_CERT and HTTPS_KEY swapped\?/,
    );
    const damaged = await files.write('damaged.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    assert.match(refusal(damaged, files.keyFile), /certificate 1 of 1 is not a valid X\.509 certificate/);
    const damagedKey = await files.write(
      'damaged.key',
      '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
    );
    assert.match(refusal(files.certFile, damagedKey), /HTTPS_KEY .* is not a readable private key/);
  });

  it('refuses a key that is not the certificate’s, and a chain with the leaf not first', async () => {
    assert.match(
      refusal(files.certFile, files.otherKeyFile),
      /HTTPS_KEY \(.*other\.key\) is not the private key of the certificate in HTTPS_CERT/,
    );
    const [leaf, intermediate] =
      (await readFile(files.certFile, 'utf8')).match(
        /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g,
      ) ?? [];
    const reversed = await files.write('reversed.pem', `${intermediate}${leaf}`);
    assert.match(refusal(reversed, files.keyFile), /the key matches certificate 2 of the file, not the first/);
  });

  it('refuses a key encrypted with a passphrase, and says how to store it', async () => {
    const encrypted = createPrivateKey(await readFile(files.keyFile, 'utf8')).export({
      format: 'pem',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: 'classroom',
    });
    const file = await files.write('encrypted.key', String(encrypted));
    assert.match(refusal(files.certFile, file), /is encrypted with a passphrase.*openssl pkey -in/);
  });
});
