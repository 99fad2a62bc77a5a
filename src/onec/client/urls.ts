// URL building for 1C OData. Everything user-controlled is encoded with encodeURIComponent, which writes a space
// as %20: 1C silently ignores a $filter whose spaces are written as '+', which URLSearchParams would do.
import { ODataArgumentError } from './errors.js';
import { GUID_PATTERN } from '../wire/index.js';

/** One query parameter: name and unencoded value; a list (field names of $select) is encoded item by item and joined with ','. */
export type QueryParam = readonly [name: string, value: string | readonly string[]];

/** Encodes query parameters with encodeURIComponent (spaces → %20), keeping the leading `$` of system options. */
export function encodeQuery(params: readonly QueryParam[]): string {
  return params
    .map(([name, value]) => {
      const encoded = typeof value === 'string' ? encodeURIComponent(value) : value.map(encodeURIComponent).join(',');
      return `${encodeURIComponent(name).replace(/^%24/, '$')}=${encoded}`;
    })
    .join('&');
}

/** URL of an entity set, optionally with a suffix such as `/$count`, and a query. */
export function entitySetUrl(baseUrl: string, set: string, query: readonly QueryParam[], suffix = ''): string {
  return `${baseUrl}${encodeURIComponent(checkSetName(set))}${suffix}?${encodeQuery(query)}`;
}

/** URL of one entity by its Ref_Key: `Set(guid'…')`. */
export function entityUrl(baseUrl: string, set: string, guid: string, query: readonly QueryParam[]): string {
  if (!GUID_PATTERN.test(guid)) throw new ODataArgumentError(`Неверный GUID «${guid}» для ${set}`);
  return `${baseUrl}${encodeURIComponent(checkSetName(set))}(guid'${guid.toLowerCase()}')?${encodeQuery(query)}`;
}

function checkSetName(set: string): string {
  if (typeof set !== 'string' || set === '' || /[/()?#]/.test(set)) throw new ODataArgumentError(`Неверное имя набора сущностей «${set}»`);
  return set;
}
