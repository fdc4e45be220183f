// Logs: JSON lines for machines (files, the journal, a log shipper), readable lines for a person at
// a terminal (LOG_FORMAT, see README). Tokens and personal data never reach them: authorization
// headers and known personal fields are redacted wherever they appear.
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty, { prettyFactory } from 'pino-pretty';

export type { Logger };

/** LOG_FORMAT: `pretty` readable lines, `json` one JSON object a line, `auto` pretty on a terminal and JSON elsewhere. */
export type LogFormat = 'pretty' | 'json' | 'auto';

/** The format a process writes: `auto` becomes `pretty` when `stream` (stdout) is a terminal, else `json`. */
export function resolveLogFormat(format: LogFormat, stream: { isTTY?: boolean } = process.stdout): 'pretty' | 'json' {
  if (format !== 'auto') return format;
  return stream.isTTY ? 'pretty' : 'json';
}

/** How readable lines look: local time, level, process, message, then the fields on the same line. */
const PRETTY_OPTIONS = {
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,process',
  singleLine: true,
};

/**
 * A logger writing to stdout in the given LOG_FORMAT, or JSON lines to a destination stream (tests read what would be
 * logged).
 */
export function createLogger(level: string, name: string, output: LogFormat | DestinationStream = 'json'): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    base: { process: name, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        'req.headers.cookie',
        'headers.cookie',
        'password',
        '*.password',
        '*.passwordHash',
        '*.csrfToken',
        'email',
        '*.email',
        '*.token',
        'token',
        '*.phone',
        '*.address',
        'body',
        '*.body',
      ],
      censor: '[redacted]',
    },
  };
  if (typeof output !== 'string') return pino(options, output);
  if (resolveLogFormat(output) === 'pretty') {
    // Written synchronously by this process (no transport thread), so nothing is lost at exit.
    return pino(options, pretty({ ...PRETTY_OPTIONS, sync: true, colorize: Boolean(process.stdout.isTTY) }));
  }
  return pino(options);
}

/**
 * Turns the JSON log lines of another process into readable lines (the single-machine runner shows
 * its worker's and API's logs this way on a terminal); a line that is not a JSON log line is kept.
 */
export function prettyPrinter(colorize: boolean): (line: string) => string {
  const format = prettyFactory({ ...PRETTY_OPTIONS, colorize });
  return (line) => (line.startsWith('{') ? format(line) : `${line}\n`);
}
