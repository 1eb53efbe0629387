/**
 * Fuzzes both decoders with seeded inputs: random JSON values, near-valid messages of every type in the
 * catalog, damaged JSON text, random strings and random bytes. For each input a decoder either returns a message
 * that passes the invariants of `testing/message-invariants.ts` or throws a LabError with a catalog code and a
 * short message — never another exception — and nothing it does reaches `Object.prototype`. Bounded: a few
 * thousand inputs per decoder from a fixed seed, each drawn from a seed of its own, which a failure names so it
 * replays. It found two bugs of `decodeServerMessage`, now fixed with tests of their own in
 * `decode-server.test.ts`: an unknown type nested deep made a RangeError (and a long one a megabyte of error
 * message), and previews and payloads passed at eight and sixteen times the sizes the protocol promises.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeClientMessage } from './decode-client';
import { decodeServerMessage } from './decode-server';
import { isErrorCode, LabError } from './errors';
import { hostileKey, hostileValue, POLLUTION_MARK, randomJson, randomText } from './testing/hostile-values';
import { setOwn, toJsonText } from './testing/json-text';
import { clientMessageViolations, serverMessageViolations } from './testing/message-invariants';
import { mutateText, nearValidMessage } from './testing/message-mutations';
import { SeededRandom } from './testing/seeded-random';
import { messageTypes, type Side, validMessage } from './testing/valid-messages';

const SEED = 0x50c3e7;
/** Inputs per decoder and kind: about 6 000 per decoder, a second or two in all. */
const ROUNDS = { json: 1_000, nearValid: 3_000, text: 1_500 } as const;
/** An error message that says what was wrong, not one that repeats a hostile megabyte back. */
const MAX_ERROR_MESSAGE = 400;

interface Decoder {
  readonly side: Side;
  readonly decode: (text: string) => unknown;
  readonly violations: (message: unknown) => string[];
}

const utf8 = new TextDecoder();

const DECODERS: readonly Decoder[] = [
  { side: 'client', decode: decodeClientMessage, violations: clientMessageViolations },
  { side: 'server', decode: decodeServerMessage, violations: serverMessageViolations },
];

/** What was wrong, for a failure: the input's own seed and its start. */
function label(kind: string, seed: number, text: string): string {
  const start = JSON.stringify(text.slice(0, 160));
  return `${kind} input from seed 0x${seed.toString(16)} (${text.length} characters: ${start}${text.length > 160 ? '…' : ''})`;
}

/** Runs `rounds` inputs of one kind through a decoder, each made by `make` from a generator seeded for it. */
function fuzz(decoder: Decoder, kind: string, rounds: number, make: (random: SeededRandom) => string): void {
  // FNV-1a of the kind, so each kind draws its own inputs.
  let stream = 0x811c9dc5;
  for (let i = 0; i < kind.length; i++) stream = Math.imul(stream ^ kind.charCodeAt(i), 0x01000193);
  for (let i = 0; i < rounds; i++) {
    const seed = (SEED ^ stream ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
    const text = make(new SeededRandom(seed));
    let decoded: unknown;
    try {
      decoded = decoder.decode(text);
    } catch (error) {
      if (!(error instanceof LabError) || !isErrorCode(error.code)) {
        assert.fail(`threw ${String(error).slice(0, 200)} instead of a LabError, on the ${label(kind, seed, text)}`);
      }
      assert.ok(
        error.message.length <= MAX_ERROR_MESSAGE,
        `a ${error.message.length}-character error message, on the ${label(kind, seed, text)}`,
      );
      continue;
    }
    assert.deepEqual(decoder.violations(decoded), [], `accepted the ${label(kind, seed, text)}`);
  }
}

/** A JSON object with a catalog type and random fields: past the type check, into the field checks. */
function typedRandomObject(random: SeededRandom, side: Side): string {
  const object: Record<string, unknown> = { type: random.pick(messageTypes(side)) };
  for (let n = random.int(0, 5); n > 0; n--) setOwn(object, hostileKey(random), hostileValue(random));
  return toJsonText(object);
}

function prototypeKeys(): string[] {
  return [Object.prototype, Array.prototype, String.prototype].flatMap((proto) => Reflect.ownKeys(proto).map(String));
}

describe('decoders under fuzzing', () => {
  const prototypesBefore = prototypeKeys();

  for (const decoder of DECODERS) {
    describe(`${decoder.side} messages (decode${decoder.side === 'client' ? 'Client' : 'Server'}Message)`, () => {
      it('accept the valid message of every catalog type the mutations start from', () => {
        for (const type of messageTypes(decoder.side)) {
          const message = decoder.decode(JSON.stringify(validMessage(decoder.side, type)));
          assert.deepEqual(decoder.violations(message), [], type);
        }
      });

      it('survive random JSON values', () => {
        fuzz(decoder, 'random JSON', ROUNDS.json, (random) => toJsonText(randomJson(random, 4)));
        fuzz(decoder, 'typed random object', ROUNDS.json, (random) => typedRandomObject(random, decoder.side));
      });

      it('survive near-valid messages of every type', () => {
        fuzz(decoder, 'near-valid', ROUNDS.nearValid, (random) =>
          nearValidMessage(random, decoder.side, random.pick(messageTypes(decoder.side))),
        );
      });

      it('survive random text, random bytes and damaged JSON', () => {
        fuzz(decoder, 'random text', ROUNDS.text, (random) => randomText(random, random.int(0, 200)));
        // Bytes as a WebSocket text frame delivers them: decoded as UTF-8, bad sequences replaced.
        fuzz(decoder, 'random bytes', ROUNDS.text, (random) =>
          utf8.decode(Uint8Array.from({ length: random.int(0, 200) }, () => random.int(0, 255))),
        );
        fuzz(decoder, 'damaged JSON', ROUNDS.text, (random) => {
          const valid = JSON.stringify(validMessage(decoder.side, random.pick(messageTypes(decoder.side))));
          return mutateText(random, valid);
        });
      });
    });
  }

  it('leave the prototypes as they were', () => {
    assert.deepEqual(prototypeKeys(), prototypesBefore);
    assert.equal(POLLUTION_MARK in {}, false);
    assert.equal(Object.getPrototypeOf({}), Object.prototype);
  });
});
