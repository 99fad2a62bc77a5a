// The error body of 1C's OData interface: {"odata.error": {"code": "9", "message": {"lang": "ru", "value": "…"}}}.

/** The JSON body 1C answers with on an error; `code` is a string such as "9" or "-1". */
export interface ODataErrorBody {
  'odata.error': { code: string; message: { lang: string; value: string } };
}

/** An error read out of an odata.error body. */
export interface ODataErrorInfo {
  /** 1C's error code, always as a string ("9", "14", "-1"). */
  code: string;
  /** 1C's human-readable message (`message.value`). */
  message: string;
}

/** Builds an odata.error body the way 1C writes it. */
export function makeODataErrorBody(code: string, message: string, lang = 'ru'): ODataErrorBody {
  return { 'odata.error': { code, message: { lang, value: message } } };
}

/** Reads an already parsed JSON value as an odata.error body; null when it is not one. */
export function readODataError(json: unknown): ODataErrorInfo | null {
  if (!isObject(json)) return null;
  const error = json['odata.error'];
  if (!isObject(error)) return null;
  const code = error.code;
  // 1C sends the code as a string; accept a number too so a proxy re-serialising the body does not confuse us.
  if (typeof code !== 'string' && typeof code !== 'number') return null;
  const message = error.message;
  let text = '';
  if (typeof message === 'string') text = message;
  else if (isObject(message) && typeof message.value === 'string') text = message.value;
  return { code: String(code), message: text };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
