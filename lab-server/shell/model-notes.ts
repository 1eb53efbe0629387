/**
 * What the lab shell models rather than measures, said the first time it matters in a session and then no more:
 * its fd numbers, its own timeouts, Ctrl-C as an interrupted call, the RST it sends for unread data, and what
 * its timing of connect() does and does not include. A student who later writes the same calls in C must not
 * mistake the shell's choices for the kernel's (an `EAGAIN` the shell made up, a "handshake time" that is a
 * function's return), so each choice is named as the shell's once. The texts are kept together for translation.
 */

export const MODEL_NOTES = {
  fdNumbers:
    'the lab shell numbers fds like a process whose 0, 1 and 2 are stdin, stdout and stderr, so sockets start at 3',
  connectTiming:
    'connect() returns once the kernel has done SYN → SYN-ACK → ACK; the lab shell timed the call, its own work included: the Packets tab times the handshake itself',
  connectTimeout:
    "the lab shell's timeout; a blocking connect() would resend the SYN for about two minutes, then fail with ETIMEDOUT",
  recvTimeout: "the lab shell's timeout; a blocking recv() would keep waiting",
  recvNoWait: 'with --wait 0 the lab shell only looks; a blocking recv() would wait for data',
  interrupt:
    'the lab shell lets Ctrl-C interrupt the call, as a signal handler would; without one, Ctrl-C ends a C program',
  resetOnClose:
    'the lab shell holds received bytes itself, so it resets the connection on close as Linux does when close() discards unread data',
} as const;

export type ModelTopic = keyof typeof MODEL_NOTES;

/** Which notes this session has shown. */
export class ModelNotes {
  readonly #shown = new Set<ModelTopic>();

  /** The note's text the first time `topic` comes up, undefined after that. */
  once(topic: ModelTopic): string | undefined {
    if (this.#shown.has(topic)) return undefined;
    this.#shown.add(topic);
    return MODEL_NOTES[topic];
  }
}
