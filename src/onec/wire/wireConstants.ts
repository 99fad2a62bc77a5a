// Values 1C writes on the wire for "nothing" and the patterns of its scalar formats. Shared by the client
// (to recognise them) and the simulator (to produce them).

/** 1C's empty reference: a reference field that points nowhere. */
export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** 1C's empty date, sent for a date field that holds no value. */
export const EMPTY_DATE = '0001-01-01T00:00:00';

/** Namespace of the OData model; prefixes type names in `<Field>_Type` values and `$metadata`. */
export const TYPE_NAMESPACE = 'StandardODATA';

/** `<Field>_Type` value of an empty composite field. */
export const UNDEFINED_TYPE = 'StandardODATA.Undefined';

/** A GUID in 8-4-4-4-12 hex form; 1C writes lower case, upper case is accepted on input. */
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A date-time as 1C writes it: no timezone, whole seconds. */
export const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/** The byte order mark 1C may put before a JSON body. */
export const UTF8_BOM = '\uFEFF';
