/**
 * The task list's filters: type, status, who started it (admins pick any user; a manager «Мои задачи»; a user sees
 * only their own, so no choice), the days it was created in, and a search by task id. Every change goes to
 * `onChange` with the page back to 1; the list keeps it all in the address.
 */
import { Button, DatePicker, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { TASK_STATUSES, TASK_TYPES } from '@/api/tasks';
import type { SessionUser } from '@/api/client';
import { isoDay, periodPresets } from '@/app/periods';
import { STATUS_TEXT, T, TASK_TYPE_TEXT } from '@/texts';
import { isTaskId, PAGE_SIZES, type TaskListQuery } from './taskListQuery';

/** Props of {@link TaskFilters}. */
export interface TaskFiltersProps {
  query: TaskListQuery;
  onChange: (next: TaskListQuery) => void;
  user: SessionUser;
  /** The accounts an admin may filter by (empty for others). */
  users: readonly { id: number; username: string }[];
}

/** The filter bar above the list. */
export default function TaskFilters({ query, onChange, user, users }: TaskFiltersProps) {
  const set = (patch: Partial<TaskListQuery>) => onChange({ ...query, ...patch, page: 1 });
  const [idText, setIdText] = useState(query.taskId ?? '');
  const [idError, setIdError] = useState(false);
  // Back and forward change the search: the box follows the address.
  useEffect(() => {
    setIdText(query.taskId ?? '');
    setIdError(false);
  }, [query.taskId]);

  const userOptions =
    user.role === 'admin'
      ? users.map((u) => ({ value: u.id, label: u.username }))
      : user.role === 'manager'
        ? [{ value: user.id, label: T.taskList.mine }]
        : null;
  const filtered =
    query.taskType || query.status || query.userId !== undefined || query.from || query.to || query.taskId || query.size !== PAGE_SIZES[0];

  return (
    <div className="filters" role="search" aria-label={T.tasks.title}>
      <Select
        allowClear
        placeholder={T.tasks.allTypes}
        aria-label={T.tasks.filterType}
        value={query.taskType}
        onChange={(v: string | undefined) => set({ taskType: v })}
        options={TASK_TYPES.map((t) => ({ value: t, label: TASK_TYPE_TEXT[t] }))}
        className="filters__type"
      />
      <Select
        allowClear
        placeholder={T.tasks.allStatuses}
        aria-label={T.tasks.filterStatus}
        value={query.status}
        onChange={(v) => set({ status: v })}
        options={TASK_STATUSES.map((s) => ({ value: s, label: STATUS_TEXT[s].charAt(0).toUpperCase() + STATUS_TEXT[s].slice(1) }))}
        className="filters__status"
      />
      {userOptions && (
        <Select
          allowClear
          showSearch={user.role === 'admin'}
          optionFilterProp="label"
          placeholder={T.taskList.allUsers}
          aria-label={T.taskList.filterUser}
          value={query.userId}
          onChange={(v: number | undefined) => set({ userId: v })}
          options={userOptions}
          className="filters__user"
        />
      )}
      <DatePicker.RangePicker
        value={[query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null]}
        onChange={(v) => set({ from: v?.[0] ? isoDay(v[0]) : undefined, to: v?.[1] ? isoDay(v[1]) : undefined })}
        allowEmpty={[true, true]}
        presets={periodPresets()}
        format="DD.MM.YYYY"
        placeholder={[T.taskList.createdFrom, T.taskList.createdTo]}
        aria-label={T.taskList.filterCreated}
        className="filters__period filters__period--created"
        classNames={{ popup: { root: 'range-popup' } }}
      />
      <Input.Search
        allowClear
        value={idText}
        placeholder={T.taskList.searchIdPlaceholder}
        aria-label={T.taskList.searchId}
        status={idError ? 'error' : undefined}
        title={idError ? T.taskList.badId : undefined}
        onChange={(e) => {
          setIdText(e.target.value);
          setIdError(false);
          if (e.target.value === '' && query.taskId) set({ taskId: undefined });
        }}
        onSearch={(text) => {
          const id = text.trim();
          if (id && !isTaskId(id)) {
            setIdError(true);
            return;
          }
          set({ taskId: id ? id.toLowerCase() : undefined });
        }}
        className="filters__search filters__search--id"
      />
      {filtered && (
        <Button type="link" onClick={() => onChange({ page: 1, size: PAGE_SIZES[0], order: query.order })} aria-label={T.taskList.reset}>
          {T.taskList.resetShort}
        </Button>
      )}
      {idError && (
        <span className="text-error" role="alert">
          {T.taskList.badId}
        </span>
      )}
    </div>
  );
}
