/**
 * The frame of an admin's list page (schedules, users, notification rules): a title with «Обновить» and «Добавить»,
 * a warning instead of the list for a caller who may not see it, the load error, an intro and the table.
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { T } from '@/texts';

/** The page's own words. */
export interface ListPageTexts {
  title: string;
  add: string;
  forbidden: string;
  intro: string;
  loadFailed: string;
  empty: string;
}

export interface ListPageProps<Row> {
  /** The page's name: its CSS class and its title's id (`schedules` → `.page.schedules`, `#schedules-title`). */
  name: string;
  texts: ListPageTexts;
  forbidden: boolean;
  loadError: string | null;
  onReload: () => void;
  onAdd: () => void;
  /** The table: rows, columns, loading and anything else of antd's Table (size, class and empty text are set here). */
  table: TableProps<Row>;
  /** Dialogs of the page. */
  children?: ReactNode;
}

/** The rows of an admin's list fit one page of 50 (no size changer, no pager for one page). */
export const LIST_PAGINATION = { pageSize: 50, hideOnSinglePage: true, showSizeChanger: false } as const;

export function ListPage<Row extends object>({ name, texts, forbidden, loadError, onReload, onAdd, table, children }: ListPageProps<Row>) {
  return (
    <section className={`page ${name}`} aria-labelledby={`${name}-title`}>
      <header className="page__header">
        <h1 id={`${name}-title`}>{texts.title}</h1>
        {!forbidden && (
          <div className="page__actions">
            <Button icon={<ReloadOutlined />} onClick={onReload} aria-label={T.common.refresh} />
            <Button type="primary" icon={<PlusOutlined />} onClick={onAdd}>
              {texts.add}
            </Button>
          </div>
        )}
      </header>
      {forbidden ? (
        <Alert type="warning" showIcon message={texts.forbidden} className="page__alert" />
      ) : (
        <>
          <p className={`muted ${name}__intro`}>{texts.intro}</p>
          {loadError && <Alert type="error" showIcon message={texts.loadFailed} description={loadError} className="page__alert" />}
          <Table<Row> size="middle" className="card-table" locale={{ emptyText: texts.empty }} {...table} />
        </>
      )}
      {children}
    </section>
  );
}
