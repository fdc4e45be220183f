// JSON logs. Tokens and personal data never reach them: authorization headers and known personal
// fields are redacted wherever they appear.
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** A logger writing JSON lines to stdout, or to `destination` (tests read what would be logged). */
export function createLogger(level: string, name: string, destination?: DestinationStream): Logger {
  return pino({
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
  }, destination);
}
