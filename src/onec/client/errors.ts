// Named errors of the OData client. Each has a stable `code` (see ONEC_ERROR_CODES) and a Russian message a
// person can act on; none of them ever carries the password or the Authorization header.
import { OneCError } from '../errors/index.js';
import { attemptsText, durationText } from './humanText.js';

function afterAttempts(attempts: number): string {
  return attempts > 1 ? ` (${attemptsText(attempts)})` : '';
}

/**
 * 1C's odata.error codes that say the request itself is wrong, whatever the HTTP status: 1 cannot parse a string,
 * 2 bad request format, 4 bad property value, 5 required property missing, 6 bad URL, 8 entity type not found
 * (a set not published), 9 entity not found, 10 property not found, 14 cannot parse query options, 19 method
 * forbidden, 20 access rights, 21 unimplemented function. Asking again cannot help; -1 (internal) and 0 may pass.
 */
export const PERMANENT_ODATA_CODES: ReadonlySet<string> = new Set(['1', '2', '4', '5', '6', '8', '9', '10', '14', '19', '20', '21']);

/** Whether an odata.error answer may succeed when asked again: 5xx and 429, unless the code says the request is wrong. */
export function isTransientODataError(status: number, odataCode: string): boolean {
  return (status >= 500 || status === 429) && !PERMANENT_ODATA_CODES.has(odataCode);
}

/** 1C answered with an odata.error body; `message` is 1C's own text, `odataCode` its code ("9", "14", "-1"). */
export class ODataError extends OneCError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** 1C's error code as a string. */
  readonly odataCode: string;
  /** How many requests were made before giving up. */
  readonly attempts: number;

  constructor(status: number, odataCode: string, message: string, attempts = 1) {
    super('ONEC_ODATA_ERROR', message || `1С вернула ошибку ${odataCode} (HTTP ${status})`, isTransientODataError(status, odataCode));
    this.status = status;
    this.odataCode = odataCode;
    this.attempts = attempts;
  }
}

/** 1C rejected the credentials (HTTP 401); never retried because the same password fails again. */
export class ODataAuthError extends OneCError {
  /** HTTP status of the answer (401). */
  readonly status: number;

  constructor(status: number, user: string) {
    super(
      'ONEC_AUTH_FAILED',
      `1С отклонила имя пользователя или пароль (HTTP ${status}). Проверьте пользователя «${user}» и пароль в настройках подключения.`,
      false,
    );
    this.status = status;
  }
}

/**
 * 1C refused a query that touches records its record-level access rules (RLS) hide from the user: HTTP 401 with
 * odata.error code 20. Not a wrong password, and not retried: the same query fails again until rights change.
 */
export class ODataAccessDeniedError extends OneCError {
  /** HTTP status of the answer (401). */
  readonly status: number;
  /** The entity set (or request) that was refused. */
  readonly what: string;

  constructor(status: number, user: string, request: string, oneCMessage: string) {
    const what = request.replace(/\/\$count$/, '');
    super(
      'ONEC_ACCESS_DENIED',
      `У пользователя 1С «${user}» нет прав на чтение части записей ${what} (HTTP ${status}, ошибка 20${oneCMessage ? `: «${oneCMessage}»` : ''}). ` +
        `Дайте пользователю в 1С право чтения ${what} без ограничений на уровне записей (RLS) ` +
        'или включите ONEC_ALLOWED_ONLY=true, чтобы читать только доступные записи (тогда синхронизация ничего не удаляет).',
      false,
    );
    this.status = status;
    this.what = what;
  }
}

/**
 * The query string is too long for the web server in front of 1C: IIS answers its own HTML 404 past 2,048 bytes
 * (maxQueryString). Thrown before sending when a query would exceed maxQueryBytes, and when such a 404 comes back.
 */
export class ODataUrlTooLongError extends OneCError {
  /** Encoded length of the query string, bytes. */
  readonly queryBytes: number;
  /** The limit that was exceeded, bytes. */
  readonly limitBytes: number;

  constructor(queryBytes: number, limitBytes: number, what: string, sent: boolean) {
    super(
      'ONEC_URL_TOO_LONG',
      sent
        ? `Адрес запроса слишком длинный для веб-сервера перед 1С: строка запроса ${queryBytes} байт, сервер ответил HTML-страницей 404 (${what}). ` +
            `IIS по умолчанию принимает не больше ${limitBytes} байт (maxQueryString).`
        : `Адрес запроса слишком длинный для веб-сервера перед 1С: строка запроса ${queryBytes} байт, допустимо ${limitBytes} (ONEC_MAX_QUERY_BYTES; ${what}).`,
      false,
    );
    this.queryBytes = queryBytes;
    this.limitBytes = limitBytes;
  }
}

/** No answer within timeoutMs on every attempt (or within totalTimeoutMs in all). */
export class ODataTimeoutError extends OneCError {
  /** The per-request timeout that fired, ms. */
  readonly timeoutMs: number;
  /** How many requests were made. */
  readonly attempts: number;

  constructor(timeoutMs: number, attempts: number, what: string) {
    super('ONEC_TIMEOUT', `1С не ответила за ${durationText(timeoutMs)}${afterAttempts(attempts)}: ${what}`, true);
    this.timeoutMs = timeoutMs;
    this.attempts = attempts;
  }
}

/** The caller's AbortSignal fired (the task was cancelled); distinct from a timeout. */
export class ODataAbortError extends OneCError {
  constructor(what: string, reason?: unknown) {
    super('ONEC_ABORTED', `Запрос к 1С отменён: ${what}`, false, reason === undefined ? undefined : { cause: reason });
  }
}

/** The connection failed on every attempt: refused, reset, DNS. */
export class ODataNetworkError extends OneCError {
  /** The system error code of the last failure when known (ECONNREFUSED, ENOTFOUND, …). */
  readonly systemCode: string | null;
  /** How many requests were made. */
  readonly attempts: number;

  constructor(origin: string, systemCode: string | null, attempts: number, cause: unknown) {
    super(
      'ONEC_UNREACHABLE',
      `Не удалось связаться с 1С по адресу ${origin}${systemCode ? ` (${systemCode})` : ''}${afterAttempts(attempts)}`,
      true,
      { cause },
    );
    this.systemCode = systemCode;
    this.attempts = attempts;
  }
}

/** The server answered with something that is not 1C OData, typically an HTML page from a proxy. */
export class NotODataResponseError extends OneCError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** Content-Type of the answer, '' when absent. */
  readonly contentType: string;
  /** A short one-line excerpt of the body. */
  readonly snippet: string;
  /** How many requests were made. */
  readonly attempts: number;

  constructor(status: number, contentType: string, snippet: string, attempts = 1) {
    super(
      'ONEC_NOT_ODATA',
      `Сервер ответил не как OData 1С (HTTP ${status}${contentType ? `, ${contentType}` : ''})${afterAttempts(attempts)}: «${snippet}». ` +
        'Вероятно, ответил прокси или веб-сервер, а не публикация 1С — проверьте адрес и публикацию.',
      status >= 500 || status === 429,
    );
    this.status = status;
    this.contentType = contentType;
    this.snippet = snippet;
    this.attempts = attempts;
  }
}

/** The body looked like JSON but could not be parsed (a truncated or corrupted answer). */
export class ODataMalformedJsonError extends OneCError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** A short excerpt of the body. */
  readonly snippet: string;
  /** How many requests were made. */
  readonly attempts: number;

  constructor(status: number, snippet: string, attempts: number, cause: unknown) {
    // A success or a server fault broken off in transfer may come whole next time; a 4xx stays a refusal.
    const retryable = status < 400 || status >= 500 || status === 429;
    super('ONEC_MALFORMED_JSON', `1С прислала повреждённый JSON (HTTP ${status})${afterAttempts(attempts)}: «${snippet}»`, retryable, {
      cause,
    });
    this.status = status;
    this.snippet = snippet;
    this.attempts = attempts;
  }
}

/** A record from 1C could not be parsed; names the set, the Ref_Key and the field. */
export class ODataRecordError extends OneCError {
  /** Entity set the record came from. */
  readonly set: string;
  /** Ref_Key of the record, null when it has none. */
  readonly refKey: string | null;
  /** The field that failed (rows as `РасшифровкаПлатежа[1].СуммаПлатежа`). */
  readonly field: string;

  constructor(set: string, refKey: string | null, field: string, reason: string) {
    super(
      'ONEC_RECORD_INVALID',
      `Не удалось разобрать запись ${set} (Ref_Key ${refKey ?? 'отсутствует'}): поле ${field} — ${reason}`,
      false,
    );
    this.set = set;
    this.refKey = refKey;
    this.field = field;
  }
}

/** A client option or helper argument is invalid. */
export class ODataArgumentError extends OneCError {
  constructor(message: string) {
    super('ONEC_INVALID_ARGUMENT', message, false);
  }
}
