// Shapes of records as they travel over the wire, before any parsing.

/** One entity as 1C sends it in JSON: field name → raw value. */
export type ODataRecord = Readonly<Record<string, unknown>>;

/** A scalar value of a wire field (integers arrive as strings, fractional numbers as numbers). */
export type WireScalar = string | number | boolean;

/** One row of an inline tabular section. */
export type WireRow = Readonly<Record<string, WireScalar>>;

/** A value of a wire field: a scalar or an inline tabular section. */
export type WireValue = WireScalar | readonly WireRow[];

/** A record as the simulator stores and serves it. */
export type WireRecord = Readonly<Record<string, WireValue>>;
