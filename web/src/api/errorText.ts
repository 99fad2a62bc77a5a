/**
 * What to tell a person about a failed API call, in Russian. The server's `detail` is English (a stable text per
 * error code, for the API's users and logs); the interface maps each refusal it can meet to its own words here
 * rather than the API being reworded. A `detail` already in Russian (the log-in lock, 1C's errors) is shown as is;
 * an unknown one keeps the server's words after a Russian lead, so nothing is lost.
 */
import { STATUS_TEXT, T } from '../texts';
import { ApiError } from './client';

const E = T.errors;

/** The Russian name of a task status the server wrote in English ("completed" → «завершена»). */
function statusText(status: string): string {
  return (STATUS_TEXT as Record<string, string>)[status] ?? status;
}

/** One refusal: its status, the pattern of its English `detail`, and the Russian text built from the match. */
interface Rule {
  status: number;
  pattern: RegExp;
  text: (match: RegExpExecArray) => string;
}

// Patterns of the `detail` texts of src/engine/errors.ts, src/api/errors.ts, src/auth and src/sync (their codes in
// docs/api.md); errorText.test.ts pins each against the real server's answer.
const RULES: Rule[] = [
  { status: 401, pattern: /^Invalid username or password$/, text: () => E.badCredentials },
  { status: 401, pattern: /./, text: () => E.sessionEnded },
  { status: 403, pattern: /./, text: () => E.forbidden },
  { status: 404, pattern: /^Task (?:\S+ )?not found$/, text: () => E.taskNotFound },
  { status: 404, pattern: /^Schedule not found$/, text: () => E.scheduleNotFound },
  { status: 404, pattern: /./, text: () => E.notFound },
  { status: 409, pattern: /^Task \S+ is already (\w+) and cannot be cancelled$/, text: (m) => E.notCancellable(statusText(m[1]!)) },
  { status: 409, pattern: /is already pending or running$/, text: () => E.alreadyActive },
  {
    status: 409,
    pattern: /^Task \S+ is (\w+): only failed or cancelled tasks can be retried$/,
    text: (m) => E.notRetryable(statusText(m[1]!)),
  },
  { status: 409, pattern: /^Cannot \w+ task \S+: it is (\w+)$/, text: (m) => E.invalidTransition(statusText(m[1]!)) },
  { status: 409, pattern: /^Category "(.*)" already exists$/s, text: (m) => E.categoryTaken(m[1]!) },
  { status: 409, pattern: /^User "(.*)" already exists$/s, text: (m) => E.userTaken(m[1]!) },
  { status: 400, pattern: /^Unknown task type "(.*)"$/s, text: (m) => E.unknownType(m[1]!) },
  {
    status: 400,
    pattern: /^((?:body|query|params)(?:\.[\w-]+)*|[a-z_]+(?:\.[\w-]+)*): (.*)$/s,
    text: (m) => E.invalidField(fieldName(m[1]!), m[2]!),
  },
  { status: 429, pattern: /retry in (\d+) s$/, text: (m) => E.rateLimited(Number(m[1])) },
  { status: 503, pattern: /./, text: () => E.unavailable },
  { status: 500, pattern: /./, text: () => E.internal },
];

/** `body.date_from` → `date_from`: the field as the form knows it. */
function fieldName(path: string): string {
  return path.replace(/^(?:body|query|params)\./, '');
}

/** Russian text of an API error's status and `detail`. */
export function apiErrorText(status: number, detail: string): string {
  if (status === 0) return T.common.networkError;
  if (/[А-Яа-яЁё]/.test(detail)) return detail;
  for (const rule of RULES) {
    if (rule.status !== status) continue;
    const match = rule.pattern.exec(detail);
    if (match) return rule.text(match);
  }
  if (status === 400) return detail ? `${E.badRequest}: ${detail}` : E.badRequest;
  return detail ? `${E.other(status)}: ${detail}` : E.other(status);
}

/** What to show for anything a call threw: an {@link ApiError} in Russian, anything else as its message. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return apiErrorText(err.status, err.detail);
  return err instanceof Error ? err.message : String(err);
}
