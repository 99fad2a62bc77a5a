import pino, { type Logger } from 'pino';
import { redactUrl } from '../api/index.js';

/**
 * The process's structured JSON logger. Secrets never reach it: tokens in URLs are masked, and any
 * field named like a password, token or authorization header is redacted wherever it appears.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'taskcast' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password',
          '*.password',
          'access_token',
          '*.access_token',
          'token',
          '*.token',
          'req.headers.authorization',
          'headers.authorization',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), ip: req.ip }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
