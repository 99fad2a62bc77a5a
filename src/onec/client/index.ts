// Public surface of the 1C OData client: the client, filter and window helpers, record parsers and errors.
export { ODataClient } from './ODataClient.js';
export type { IterateOptions, ODataPage, GetEntityOptions, SignalOptions, ReadPageOptions, ByRefsOptions } from './ODataClient.js';
export { iterateShiftAware } from './shiftAwarePages.js';
export type { PagePosition, PositionedRecord, ShiftAwarePage, ShiftEvent, ShiftAwareOptions } from './shiftAwarePages.js';
export { CLIENT_DEFAULTS } from './clientOptions.js';
export { TokenBucketGate, burstOf } from './rateGate.js';
export type { RateGate, TokenBucket } from './rateGate.js';
export type { ODataClientOptions, ODataRetryEvent, ODataRequestEvent } from './clientOptions.js';
export { withODataRetryHook, type ODataRequestRetry, type ODataRetryListener } from './retryHook.js';
export { dateRangeFilter, monthWindows, addDays } from './dateWindows.js';
export type { DateWindow } from './dateWindows.js';
export { odataString, odataGuid, odataDateTime, odataBoolean, odataCast, andFilters } from './filterLiterals.js';
export { encodeQuery } from './urls.js';
export type { QueryParam } from './urls.js';
export { basicAuthHeader } from './basicAuth.js';
export {
  ODataError,
  ODataAuthError,
  ODataAccessDeniedError,
  ODataUrlTooLongError,
  ODataTimeoutError,
  ODataAbortError,
  ODataNetworkError,
  NotODataResponseError,
  ODataMalformedJsonError,
  ODataRecordError,
  ODataArgumentError,
  PERMANENT_ODATA_CODES,
  isTransientODataError,
} from './errors.js';
export { parseBankDocument, BANK_DOCUMENT_FIELDS } from './parsers/bankDocument.js';
export type { BankDocument, PaymentRow, CounterpartyType } from './parsers/bankDocument.js';
export {
  parseCounterparty,
  parseIndividual,
  parseCurrency,
  COUNTERPARTY_FIELDS,
  INDIVIDUAL_FIELDS,
  CURRENCY_FIELDS,
} from './parsers/catalogs.js';
export type { Counterparty, Individual, Currency } from './parsers/catalogs.js';
