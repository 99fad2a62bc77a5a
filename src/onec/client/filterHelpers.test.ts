import { describe, expect, it } from 'vitest';
import { andFilters, odataBoolean, odataCast, odataDateTime, odataGuid, odataString } from './filterLiterals.js';
import { addDays, dateRangeFilter, monthWindows } from './dateWindows.js';
import { encodeQuery, entitySetUrl, entityUrl } from './urls.js';
import { basicAuthHeader } from './basicAuth.js';
import { ODataArgumentError } from './errors.js';

describe('filter literals', () => {
  it('escapes quotes in strings by doubling them', () => {
    expect(odataString("ООО «Рога и копыта» d'Artagnan")).toBe("'ООО «Рога и копыта» d''Artagnan'");
    expect(odataString("''")).toBe("''''''");
  });

  it('builds guid, datetime, boolean and cast literals', () => {
    expect(odataGuid('1FA1A135-D89B-11E6-8343-40167E2531C3')).toBe("guid'1fa1a135-d89b-11e6-8343-40167e2531c3'");
    expect(odataDateTime('2025-01-01')).toBe("datetime'2025-01-01T00:00:00'");
    expect(odataDateTime('2025-03-05T14:30:00')).toBe("datetime'2025-03-05T14:30:00'");
    expect(odataBoolean(false)).toBe('false');
    expect(odataCast('1fa1a135-d89b-11e6-8343-40167e2531c3', 'StandardODATA.Catalog_Контрагенты')).toBe(
      "cast(guid'1fa1a135-d89b-11e6-8343-40167e2531c3', 'Catalog_Контрагенты')",
    );
  });

  it('rejects bad guids and impossible dates with ODataArgumentError', () => {
    expect(() => odataGuid('not-a-guid')).toThrow(ODataArgumentError);
    expect(() => odataDateTime('2025-02-29')).toThrow(ODataArgumentError);
    expect(() => odataDateTime('2025-13-01')).toThrow(ODataArgumentError);
    expect(() => odataDateTime('2025-01-01T24:00:00')).toThrow(ODataArgumentError);
    expect(odataDateTime('2024-02-29')).toBe("datetime'2024-02-29T00:00:00'");
  });

  it('joins filter parts with and, skipping empty ones', () => {
    expect(andFilters('a eq 1', '', undefined, 'b eq 2')).toBe('(a eq 1) and (b eq 2)');
    expect(andFilters('a eq 1', null)).toBe('a eq 1');
    expect(andFilters()).toBe('');
  });
});

describe('date windows', () => {
  it('builds a whole-days filter with both ends included', () => {
    expect(dateRangeFilter('2025-01-01', '2025-01-31')).toBe(
      "Date ge datetime'2025-01-01T00:00:00' and Date lt datetime'2025-02-01T00:00:00'",
    );
    expect(dateRangeFilter('2025-12-31', '2025-12-31', 'ДатаВходящегоДокумента')).toBe(
      "ДатаВходящегоДокумента ge datetime'2025-12-31T00:00:00' and ДатаВходящегоДокумента lt datetime'2026-01-01T00:00:00'",
    );
  });

  it('splits a period into calendar months, partial at the ends, leap years included', () => {
    expect(monthWindows('2024-01-15', '2024-03-10')).toEqual([
      { from: '2024-01-15', to: '2024-01-31' },
      { from: '2024-02-01', to: '2024-02-29' },
      { from: '2024-03-01', to: '2024-03-10' },
    ]);
    expect(monthWindows('2025-12-31', '2025-12-31')).toEqual([{ from: '2025-12-31', to: '2025-12-31' }]);
    expect(monthWindows('2025-01-01', '2025-12-31')).toHaveLength(12);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });

  it('rejects reversed or malformed periods', () => {
    expect(() => monthWindows('2025-02-01', '2025-01-01')).toThrow(ODataArgumentError);
    expect(() => dateRangeFilter('2025-1-1', '2025-01-31')).toThrow(ODataArgumentError);
  });
});

describe('URL encoding', () => {
  it('encodes spaces as %20, never +, and keeps the $ of system options', () => {
    const query = encodeQuery([
      ['$filter', "Description eq 'А + Б' and IsFolder eq false"],
      ['$select', ['Ref_Key', 'Описание']],
    ]);
    expect(query).toBe(
      "$filter=Description%20eq%20'%D0%90%20%2B%20%D0%91'%20and%20IsFolder%20eq%20false&$select=Ref_Key,%D0%9E%D0%BF%D0%B8%D1%81%D0%B0%D0%BD%D0%B8%D0%B5",
    );
    expect(query).not.toMatch(/\+/);
  });

  it('percent-encodes Cyrillic set names and builds entity keys', () => {
    expect(entitySetUrl('http://h/bp/odata/standard.odata/', 'Catalog_Валюты', [['$format', 'json']], '/$count')).toBe(
      'http://h/bp/odata/standard.odata/Catalog_%D0%92%D0%B0%D0%BB%D1%8E%D1%82%D1%8B/$count?$format=json',
    );
    expect(entityUrl('http://h/o/', 'Catalog_X', '1FA1A135-D89B-11E6-8343-40167E2531C3', [])).toBe(
      "http://h/o/Catalog_X(guid'1fa1a135-d89b-11e6-8343-40167e2531c3')?",
    );
  });

  it('encodes Basic credentials as UTF-8', () => {
    expect(basicAuthHeader('Администратор', 'пароль')).toBe(`Basic ${Buffer.from('Администратор:пароль', 'utf8').toString('base64')}`);
    expect(Buffer.from(basicAuthHeader('Админ', '').slice(6), 'base64').toString('utf8')).toBe('Админ:');
  });
});
