/**
 * Finds what a terminal would act on in the lab shell's output, apart from the sequences the shell writes on
 * purpose (colours, cursor moves, erase, clear screen). Written on its own, not with the shell's escaping
 * rule, so a gap in that rule shows up here instead of being shared by the check.
 */

/** The shell's own sequences: SGR 1/2/22/31–36/39, cursor up/forward, erase below, clear screen and home. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
const OWN_SEQUENCES = /\x1b\[(?:(?:1|2|22|3[1-6]|39)m|\d+[AC]|[23]?J|H)/g;

/**
 * C0 controls but CR and LF, DEL, C1 controls, bidi embeddings/overrides/isolates (CVE-2021-42574), and
 * surrogates without their other half.
 */
const FOREIGN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Each control character found outside the shell's own sequences, with a little context, as JSON strings. */
export function foreignControls(output: string): string[] {
  const rest = output.replace(OWN_SEQUENCES, '');
  return [...rest.matchAll(FOREIGN)].map((match) =>
    JSON.stringify(rest.slice(Math.max(0, match.index - 12), match.index + 12)),
  );
}
