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
    `created the first user admin; its generated password is in ${passwordFile} (change it in the web app's «Профиль» or with POST /api/v1/auth/password)`,
  );
  if (terminal.isTTY) {
    terminal.write(
      `\n  Created the first user: admin\n  Password: ${password}\n  (also saved in ${passwordFile}; change it after logging in: the user menu → «Профиль»\n   in the web app, or POST /api/v1/auth/password {current_password, new_password};\n   or set TASKCAST_ADMIN_PASSWORD before the first start)\n\n`,
    );
  }
}
