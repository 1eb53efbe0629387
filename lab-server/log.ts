/**
 * The lab server's log: one line per noteworthy event (server start, session start and end, capture state),
 * on stdout, with a timestamp. Quiet when `quiet` is set, so tests keep their output readable.
 */

let quiet = false;

export function setQuiet(value: boolean): void {
  quiet = value;
}

export function log(message: string): void {
  if (!quiet) process.stdout.write(`${new Date().toISOString()} ${message}\n`);
}
