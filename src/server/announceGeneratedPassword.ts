import type { Logger as PinoLogger } from 'pino';

/** Where the password may be shown: a stream with `isTTY` set is a person's terminal. */
export interface TerminalStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * Tells the operator about the generated password of the first `admin`. The log (stdout, often shipped to a
 * collector) only names the file that holds it; the password itself is shown only when stderr is a
 * terminal, where a person reads it and nothing records it. Redirected or piped, it is never written out.
 */
export function announceGeneratedPassword(
  password: string,
  passwordFile: string,
  logger: PinoLogger,
  terminal: TerminalStream = process.stderr,
): void {
  logger.info(
    { username: 'admin', password_file: passwordFile },
    `created the first user admin; its generated password is in ${passwordFile}`,
  );
  if (terminal.isTTY) {
    terminal.write(
      `\n  Created the first user: admin\n  Password: ${password}\n  (also saved in ${passwordFile}; change it or set TASKCAST_ADMIN_PASSWORD)\n\n`,
    );
  }
}
