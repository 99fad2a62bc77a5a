import { describe, expect, it } from 'vitest';
import { apiFilters, localDayStart, parseTaskListQuery, taskListSearch } from './taskListQuery';

const ID = '0190b2a4-0000-7000-8000-00000000abcd';

describe('the task list in the address', () => {
  it('reads every filter and writes it back the same, defaults left out', () => {
    const search = `?type=sync_bank_transactions&status=failed&user=3&from=2026-12-01&to=2026-12-06&id=${ID}&order=created_asc&page=2&size=50`;
    const query = parseTaskListQuery(search);
    expect(query).toEqual({
      taskType: 'sync_bank_transactions',
      status: 'failed',
      userId: 3,
      from: '2026-12-01',
      to: '2026-12-06',
      taskId: ID,
      order: 'created_asc',
      page: 2,
      size: 50,
    });
    expect(taskListSearch(query)).toBe(search);
    expect(taskListSearch(parseTaskListQuery(''))).toBe('');
  });

  it('drops what makes no sense instead of breaking the page', () => {
    expect(parseTaskListQuery('?status=done&page=0&size=7&user=-1&from=вчера&id=42&order=newest&task=' + ID)).toEqual({
      taskType: undefined,
      status: undefined,
      userId: undefined,
      from: undefined,
      to: undefined,
      taskId: undefined,
      order: 'created_desc',
      page: 1,
      size: 20,
    });
  });

  it('asks the API for the local days, the last one included', () => {
    const api = apiFilters(parseTaskListQuery('?from=2026-12-01&to=2026-12-06&page=3&size=100&id=' + ID.toUpperCase()));
    expect(api.createdFrom).toBe(new Date(2026, 11, 1).toISOString());
    expect(api.createdTo).toBe(new Date(2026, 11, 7).toISOString());
    expect(api.createdTo).toBe(localDayStart('2026-12-06', 1));
    expect(api.offset).toBe(200);
    expect(api.taskId).toBe(ID);
    expect(api.order).toBe('created_desc');
  });

  it('keeps the order in the address only when it is not the default (newest first)', () => {
    expect(parseTaskListQuery('?order=created_desc').order).toBe('created_desc');
    expect(taskListSearch(parseTaskListQuery('?order=created_desc'))).toBe('');
    const asc = parseTaskListQuery('?order=created_asc&page=3');
    expect(taskListSearch(asc)).toBe('?order=created_asc&page=3');
    expect(apiFilters(asc)).toMatchObject({ order: 'created_asc', offset: 40 });
  });
});
