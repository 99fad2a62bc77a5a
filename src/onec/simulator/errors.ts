// Named errors of the simulator. ODataRequestError is internal: it becomes an odata.error answer.
import { OneCError } from '../errors/index.js';

/** A simulator option, environment variable or fault setting is invalid; the message names it. */
export class SimulatorConfigError extends OneCError {
  /** The option or variable at fault, e.g. ONEC_SIM_PORT or faults.errorRate. */
  readonly setting: string;

  constructor(setting: string, message: string) {
    super('ONEC_SIM_CONFIG_INVALID', `${setting}: ${message}`, false);
    this.setting = setting;
  }
}

/** A record written through the admin API or SimulatorData does not fit the entity schema. */
export class SimulatorRecordError extends OneCError {
  constructor(message: string) {
    super('ONEC_SIM_RECORD_INVALID', message, false);
  }
}

/** No record with that set and Ref_Key. */
export class SimulatorRecordNotFoundError extends OneCError {
  constructor(set: string, ref: string) {
    super('ONEC_SIM_RECORD_NOT_FOUND', `${set}: нет записи с Ref_Key ${ref}`, false);
  }
}

/** An OData request the simulator answers with an odata.error body (status + 1C error code). */
export class ODataRequestError extends Error {
  /** HTTP status of the answer. */
  readonly status: number;
  /** 1C error code as a string ("14", "9", …). */
  readonly odataCode: string;

  constructor(status: number, odataCode: string, message: string) {
    super(message);
    this.name = 'ODataRequestError';
    this.status = status;
    this.odataCode = odataCode;
  }
}

/** 400 with code 14, 1C's "cannot parse query options", for any $filter/$orderby/$select/$top problem. */
export function queryOptionError(message: string): ODataRequestError {
  return new ODataRequestError(400, '14', `Ошибка разбора параметров запроса: ${message}`);
}

/** 401 with code 20: the query touches records the user's access rules hide (1C's wording, inferred). */
export function accessRightsError(): ODataRequestError {
  return new ODataRequestError(401, '20', 'Нарушение прав доступа!');
}
