/**
 * Bank transactions: period, direction, category and search filters; totals in and out; charts of the
 * period by month and by category; the category editable inline; and «Синхронизировать», which opens
 * SyncModal on the page's period and reloads everything when a sync completes, moving to the sync's period when
 * another was chosen in the dialog (so a first sync never ends on «Операций за период нет»). Totals and charts
 * show skeletons until their first answer for the period, never a made-up 0,00 ₽. A click on a month of the chart
 * shows that month; one on a category filters by it (and its direction).
 */
import { CloudSyncOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Dropdown, Input, Segmented, Select, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { canEditCategory } from '@/api/auth';
import { errorText } from '@/api/errorText';
import {
  getTransactionSummary,
  listBankTransactions,
  listCategories,
  setTransactionCategory,
  type BankTransaction,
  type Category,
  type Direction,
  type TransactionFilter,
  type TransactionPage,
  type TransactionSummary,
} from '@/api/data';
import { currentYear, isoDay, periodPresets, type Period } from '@/app/periods';
import { useSession } from '@/app/useSession';
import CategoryChart from '@/components/CategoryChart';
import MonthlyChart from '@/components/MonthlyChart';
import SyncModal from '@/components/SyncModal';
import { formatDay, formatInt, formatMoney } from '@/format';
import { T } from '@/texts';
import { EXPORT_MAX_ROWS, exportTransactions, type ExportFormat } from './exportTransactions';
import TransactionTable from './TransactionTable';

const PAGE_SIZE = 50;

/** The page. */
export default function TransactionsPage() {
  const { message } = App.useApp();
  const session = useSession();
  const [period, setPeriod] = useState<Period>(() => currentYear());
  const [direction, setDirection] = useState<Direction | 'all'>('all');
  const [category, setCategory] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<TransactionPage | null>(null);
  /** The summary and the period (`from..to`) it is of: another period's is not shown. */
  const [summary, setSummary] = useState<{ key: string; value: TransactionSummary | null } | null>(null);
  /** The period (`from..to`) whose totals `data` holds. */
  const [dataKey, setDataKey] = useState<string | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const [syncOpen, setSyncOpen] = useState(false);
  const [version, setVersion] = useState(0);

  const from = isoDay(period[0]);
  const to = isoDay(period[1]);
  const periodKey = `${from}..${to}`;

  useEffect(() => {
    listCategories().then(setCategories, () => {});
  }, [version]);

  // What the page shows: its list, and an export of all of it.
  const filter = useMemo<TransactionFilter>(
    () => ({
      date_from: from,
      date_to: to,
      direction: direction === 'all' ? undefined : direction,
      category: category === undefined ? undefined : category === 'none' ? 'none' : Number(category),
      search: search.trim() || undefined,
    }),
    [from, to, direction, category, search],
  );

  const loadPage = useCallback(async () => {
    setLoading(true);
    try {
      const answer = await listBankTransactions(filter, PAGE_SIZE, (page - 1) * PAGE_SIZE);
      setData(answer);
      setDataKey(`${from}..${to}`);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
    // `version` changes after a sync: the same filters, read again.
  }, [filter, from, to, page, version]);

  useEffect(() => {
    void loadPage();
  }, [loadPage]);

  useEffect(() => {
    let live = true;
    const key = `${from}..${to}`;
    getTransactionSummary(from, to).then(
      (s) => live && setSummary({ key, value: s }),
      () => live && setSummary({ key, value: null }),
    );
    return () => {
      live = false;
    };
  }, [from, to, version]);

  const [exporting, setExporting] = useState(false);
  const download = async (format: ExportFormat) => {
    setExporting(true);
    try {
      const done = await exportTransactions(filter, format);
      if (done.truncated) message.warning(T.transactions.exportTruncated(EXPORT_MAX_ROWS));
      else message.success(T.transactions.exportDone(done.rows));
    } catch (err) {
      message.error(`${T.transactions.exportFailed}: ${errorText(err)}`);
    } finally {
      setExporting(false);
    }
  };

  const changeCategory = async (row: BankTransaction, categoryId: number | null) => {
    setSaving(row.ref);
    try {
      const updated = await setTransactionCategory(row.ref, categoryId);
      setData((d) => (d ? { ...d, items: d.items.map((t) => (t.ref === updated.ref ? updated : t)) } : d));
      message.success(T.transactions.categorySaved);
      getTransactionSummary(from, to).then(
        (s) => setSummary({ key: periodKey, value: s }),
        () => {},
      );
    } catch (err) {
      message.error(`${T.transactions.categoryFailed}: ${errorText(err)}`);
    } finally {
      setSaving(null);
    }
  };

  const resetPage =
    <V,>(set: (v: V) => void) =>
    (v: V) => {
      set(v);
      setPage(1);
    };

  /** A month clicked in the chart: the page shows that month. */
  const showMonth = (month: string) => {
    const first = dayjs(`${month}-01`);
    setPeriod([first, first.endOf('month')]);
    setPage(1);
  };

  /** A category clicked in the chart: its transactions, of that direction. */
  const showCategory = (key: string, towards: Direction) => {
    setCategory(key);
    setDirection(towards);
    setPage(1);
  };

  const sumIn = data?.sum_in ?? 0;
  const sumOut = data?.sum_out ?? 0;
  // Until the first answer for this period: skeletons (a 0,00 ₽ for a second reads as "nothing there").
  const totalsReady = data !== null && dataKey === periodKey;
  const chartsReady = summary !== null && summary.key === periodKey;
  const chartData = chartsReady ? summary.value : null;
  const money = (value: number, className = '') =>
    totalsReady ? (
      <span className={`total__value num ${className}`}>{formatMoney(value)}</span>
    ) : (
      <Skeleton.Input active size="small" className="total__skeleton" />
    );

  /** A bank sync completed: read again, on its period when it was another. */
  const synced = (syncPeriod?: [string, string]) => {
    if (syncPeriod && (syncPeriod[0] !== from || syncPeriod[1] !== to)) {
      setPeriod([dayjs(syncPeriod[0]), dayjs(syncPeriod[1]).endOf('day')]);
      setPage(1);
      message.success(T.sync.doneShowing(`${formatDay(syncPeriod[0])} — ${formatDay(syncPeriod[1])}`));
    } else message.success(T.sync.done);
    setVersion((v) => v + 1);
  };

  return (
    <section className="page" aria-labelledby="transactions-title">
      <header className="page__header">
        <h1 id="transactions-title">{T.transactions.title}</h1>
        <div className="page__actions">
          <Dropdown
            trigger={['click']}
            disabled={!data || data.total === 0}
            menu={{
              items: [
                { key: 'csv', label: T.transactions.exportCsv },
                { key: 'xlsx', label: T.transactions.exportXlsx },
              ],
              onClick: ({ key }) => void download(key as ExportFormat),
            }}
          >
            <Button icon={<DownloadOutlined />} loading={exporting} aria-label={T.transactions.exportLabel}>
              {T.transactions.export}
            </Button>
          </Dropdown>
          <Button type="primary" icon={<CloudSyncOutlined />} onClick={() => setSyncOpen(true)}>
            {T.transactions.sync}
          </Button>
        </div>
      </header>

      <div className="filters" role="search" aria-label={T.transactions.searchLabel}>
        <DatePicker.RangePicker
          value={period}
          onChange={(v) => v?.[0] && v[1] && resetPage(setPeriod)([v[0], v[1]])}
          allowClear={false}
          presets={periodPresets()}
          format="DD.MM.YYYY"
          aria-label={T.transactions.period}
          className="filters__period"
          classNames={{ popup: { root: 'range-popup' } }}
        />
        <Segmented
          value={direction}
          onChange={(v) => resetPage(setDirection)(v as Direction | 'all')}
          options={[
            { value: 'all', label: T.transactions.directionAll },
            { value: 'in', label: T.transactions.directionIn },
            { value: 'out', label: T.transactions.directionOut },
          ]}
          aria-label={T.transactions.direction}
          className="filters__direction"
        />
        <Select
          allowClear
          placeholder={T.transactions.allCategories}
          aria-label={T.transactions.category}
          value={category}
          onChange={resetPage(setCategory)}
          options={[
            { value: 'none', label: T.transactions.noCategory },
            ...categories.map((c) => ({ value: String(c.id), label: c.name })),
          ]}
          showSearch
          optionFilterProp="label"
          className="filters__category"
        />
        <Input.Search
          allowClear
          placeholder={T.transactions.search}
          aria-label={T.transactions.searchLabel}
          onSearch={resetPage(setSearch)}
          className="filters__search"
        />
      </div>

      {error && <Alert type="error" showIcon message={error} className="page__alert" />}

      <div className="totals" aria-live="polite" aria-busy={!totalsReady}>
        <div className="total total--in">
          <span className="total__label">{T.transactions.sumIn}</span>
          {money(sumIn)}
        </div>
        <div className="total total--out">
          <span className="total__label">{T.transactions.sumOut}</span>
          {money(sumOut)}
        </div>
        <div className="total">
          <span className="total__label">{T.transactions.balance}</span>
          {money(sumIn - sumOut, sumIn - sumOut < 0 ? 'text-error' : '')}
        </div>
        <div className="total">
          <span className="total__label">{T.transactions.count}</span>
          {totalsReady ? (
            <span className="total__value num">{formatInt(data?.total ?? 0)}</span>
          ) : (
            <Skeleton.Input active size="small" className="total__skeleton" />
          )}
        </div>
      </div>

      <div className="charts" aria-busy={!chartsReady}>
        <div className="panel">
          {chartsReady ? (
            <MonthlyChart data={chartData?.by_month ?? []} from={from} to={to} onMonth={showMonth} />
          ) : (
            <Skeleton active paragraph={{ rows: 5 }} className="chart-skeleton" data-testid="chart-skeleton" />
          )}
        </div>
        <div className="panel">
          {chartsReady ? (
            <CategoryChart data={chartData?.by_category ?? []} onSelect={showCategory} />
          ) : (
            <Skeleton active paragraph={{ rows: 5 }} className="chart-skeleton" data-testid="chart-skeleton" />
          )}
        </div>
      </div>
      {chartData?.partial && <p className="muted small">{T.transactions.chartPartial}</p>}

      <TransactionTable
        rows={data?.items ?? []}
        total={data?.total ?? 0}
        page={page}
        pageSize={PAGE_SIZE}
        loading={loading}
        categories={categories}
        editable={canEditCategory(session?.user.role)}
        saving={saving}
        onPage={setPage}
        onCategory={(row, id) => void changeCategory(row, id)}
      />

      <SyncModal
        visible={syncOpen}
        defaultPeriod={period}
        onClose={() => {
          setSyncOpen(false);
          // A cancelled sync keeps what it loaded: show it too.
          setVersion((v) => v + 1);
        }}
        onSyncComplete={(_task, syncPeriod) => synced(syncPeriod)}
      />
    </section>
  );
}
