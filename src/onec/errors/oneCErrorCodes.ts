// Every stable error code of the 1C integration in one place, each with what it means. The HTTP API maps these
// codes to statuses; a test checks that every error class uses a code listed here.

/** Stable error codes of the 1C integration and what each means. */
export const ONEC_ERROR_CODES = {
  ONEC_ODATA_ERROR: '1C answered with an odata.error body (see odataCode and status)',
  ONEC_AUTH_FAILED: '1C rejected the user name or password (HTTP 401)',
  ONEC_ACCESS_DENIED: 'the query touches records hidden from the 1C user by access rights (HTTP 401, odata.error code 20)',
  ONEC_URL_TOO_LONG: 'the query string is longer than the web server in front of 1C accepts (IIS: HTML 404 past 2,048 bytes)',
  ONEC_TIMEOUT: '1C did not answer within timeoutMs on every attempt',
  ONEC_ABORTED: 'the caller aborted the request (task cancelled)',
  ONEC_UNREACHABLE: 'the connection to 1C failed on every attempt (DNS, refused, reset)',
  ONEC_NOT_ODATA: 'the server answered with something that is not 1C OData (e.g. an HTML page from a proxy)',
  ONEC_MALFORMED_JSON: 'the body claimed to be JSON but could not be parsed',
  ONEC_RECORD_INVALID: 'a record from 1C could not be parsed (set, Ref_Key and field are named)',
  ONEC_INVALID_ARGUMENT: 'a client option or a helper argument is invalid',
  ONEC_SIM_CONFIG_INVALID: 'a simulator setting (option, environment variable or fault) is invalid',
  ONEC_SIM_RECORD_INVALID: 'a record written to the simulator does not match the entity schema',
  ONEC_SIM_RECORD_NOT_FOUND: 'the simulator has no record with that set and Ref_Key',
} as const;

/** One of the codes in {@link ONEC_ERROR_CODES}. */
export type OneCErrorCode = keyof typeof ONEC_ERROR_CODES;
