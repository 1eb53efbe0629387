/**
 * Reads UTF-8 one character at a time without hiding bad bytes. A well-formed sequence gives its character;
 * a byte that does not start one is given back as its number, so the shell can show it as `\xNN`, the way the
 * student would type it. TextDecoder would turn it into U+FFFD and lose which byte it was.
 */

/**
 * Length of the well-formed sequence starting at `at`, or 0. The second byte's range excludes overlong forms,
 * surrogates and code points past U+10FFFF (RFC 3629 §4; Unicode 15 Table 3-7).
 */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at]!;
  if (lead < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  for (let k = 1; k < length; k++) {
    const byte = bytes[at + k];
    if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return 0;
  }
  return length;
}

/** Each character of `bytes` as a string, and each byte that is not part of well-formed UTF-8 as a number. */
export function* utf8Units(bytes: Uint8Array): Generator<string | number> {
  let at = 0;
  while (at < bytes.length) {
    const length = sequenceLength(bytes, at);
    if (length === 0) {
      yield bytes[at]!;
      at++;
      continue;
    }
    // The lead byte keeps 7, 5, 4 or 3 bits; each continuation byte adds 6.
    let code = length === 1 ? bytes[at]! : bytes[at]! & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) code = (code << 6) | (bytes[at + k]! & 0x3f);
    yield String.fromCodePoint(code);
    at += length;
  }
}
