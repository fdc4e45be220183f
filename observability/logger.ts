// JSON logs. Tokens and personal data never reach them: authorization headers and known personal
// fields are redacted wherever they appear.
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    base: { process: name, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.token',
        'token',
        '*.phone',
        '*.address',
        'body',
        '*.body',
      ],
      censor: '[redacted]',
    },
  });
}
