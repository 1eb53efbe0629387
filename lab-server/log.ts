/**
 * The lab server's log: one line per noteworthy event (server start, session start and end, a student joining,
 * the instructor's changes, capture state), on stdout. Each event is a sentence for whoever reads the terminal
 * and fields for whatever collects the log: `text` (the default) writes `<time> <sentence> key=value …`,
 * `json` (`LOG_FORMAT=json`) one JSON object per line, `{"time", "message", …fields}`. Quiet when `quiet` is
 * set, so tests keep their output readable.
 */

export type LogFormat = 'text' | 'json';
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

let quiet = false;
let format: LogFormat = 'text';

export function setQuiet(value: boolean): void {
  quiet = value;
}

export function setLogFormat(value: LogFormat): void {
  format = value;
}

export function log(message: string, fields: LogFields = {}): void {
  if (!quiet) process.stdout.write(`${formatLine(new Date(), message, fields, format)}\n`);
}

/** One line of the log, without its newline. */
export function formatLine(time: Date, message: string, fields: LogFields, as: LogFormat): string {
  const defined = Object.entries(fields).filter(([, value]) => value !== undefined);
  if (as === 'json') return JSON.stringify({ time: time.toISOString(), message, ...Object.fromEntries(defined) });
  // A value with a space, a quote or an equals sign is quoted, so `key=value` splits the way it was meant.
  const pairs = defined.map(([key, value]) => {
    const text = String(value);
    return `${key}=${/^[^\s"=]+$/.test(text) ? text : JSON.stringify(text)}`;
  });
  return [time.toISOString(), message, ...pairs].join(' ');
}
