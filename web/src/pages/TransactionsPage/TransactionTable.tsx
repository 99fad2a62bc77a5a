/**
 * The transactions table: date, number, counterparty and purpose, the category (editable inline), the amount. On a
 * phone the row is the counterparty (whole, on as many lines as it takes) with the date, and the amount; a tap on
 * the row opens it: the whole purpose, the number and the category, which can be changed there.
 */
import { EditOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Grid, Select, Table, Tooltip, type TableColumnsType } from 'antd';
import type { BankTransaction, Category } from '@/api/data';
import { formatDay, formatMoney } from '@/format';
import { T } from '@/texts';
import './TransactionTable.css';

/** Props of {@link TransactionTable}. */
export interface TransactionTableProps {
  rows: BankTransaction[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  categories: Category[];
  /** The user may change categories. */
  editable: boolean;
  /** The ref of the row whose category is being saved. */
  saving: string | null;
  onPage: (page: number) => void;
  onCategory: (row: BankTransaction, categoryId: number | null) => void;
}

const NONE = 'none';

/** The table, paged on the server. */
export default function TransactionTable({
  rows,
  total,
  page,
  pageSize,
  loading,
  categories,
  editable,
  saving,
  onPage,
  onCategory,
}: TransactionTableProps) {
  const optionsFor = (direction: BankTransaction['direction']) => [
    { value: NONE, label: T.transactions.noCategory },
    ...categories.filter((c) => c.direction === 'any' || c.direction === direction).map((c) => ({ value: String(c.id), label: c.name })),
  ];

  const screens = Grid.useBreakpoint();
  const phone = !screens.md;

  /** A row's category: the select where the user may change it, its name otherwise; how it was set, as an icon. */
  const categoryCell = (row: BankTransaction) => {
    const source =
      row.category_source === 'manual' ? (
        <Tooltip title={T.transactions.categoryManual}>
          <EditOutlined className="category-source" aria-label={T.transactions.categoryManual} />
        </Tooltip>
      ) : row.category_source === 'rule' ? (
        <Tooltip title={T.transactions.categoryRule}>
          <ThunderboltOutlined className="category-source" aria-label={T.transactions.categoryRule} />
        </Tooltip>
      ) : null;
    if (!editable) {
      return (
        <span className="category-cell">
          {row.category_name ?? <span className="muted">{T.transactions.noCategory}</span>} {source}
        </span>
      );
    }
    return (
      <span className="category-cell">
        <Select
          size="small"
          variant={phone ? 'outlined' : 'borderless'}
          className="category-select"
          popupMatchSelectWidth={phone ? true : 240}
          value={row.category_id === null ? NONE : String(row.category_id)}
          options={optionsFor(row.direction)}
          loading={saving === row.ref}
          disabled={saving === row.ref}
          aria-label={T.transactions.categoryOf(row.number)}
          onChange={(v: string) => onCategory(row, v === NONE ? null : Number(v))}
          showSearch
          optionFilterProp="label"
        />
        {source}
      </span>
    );
  };

  /** A row opened on a phone: what its narrow line leaves out. */
  const details = (row: BankTransaction) => (
    <dl className="transaction-details" data-testid="transaction-details">
      <dt>{T.transactions.purpose}</dt>
      <dd>{row.purpose || T.common.dash}</dd>
      <dt>{T.transactions.number}</dt>
      <dd className="num">{row.number}</dd>
      <dt>{T.transactions.category}</dt>
      <dd>{categoryCell(row)}</dd>
    </dl>
  );

  const columns: TableColumnsType<BankTransaction> = [
    {
      title: T.transactions.date,
      dataIndex: 'date',
      width: 104,
      responsive: ['md'],
      render: (d: string) => <span className="num">{formatDay(d)}</span>,
    },
    {
      title: T.transactions.number,
      dataIndex: 'number',
      width: 110,
      responsive: ['lg'],
      render: (n: string) => <span className="num">{n}</span>,
    },
    {
      title: T.transactions.counterparty,
      key: 'who',
      render: (_: unknown, row) =>
        phone ? (
          <div className="cell-main">
            <span className="transaction-who">{row.counterparty_name ?? T.common.dash}</span>
            <span className="cell-sub num">{formatDay(row.date)}</span>
          </div>
        ) : (
          <div className="cell-main">
            <Tooltip title={row.counterparty_name} placement="topLeft" destroyOnHidden>
              <span className="cell-ellipsis">{row.counterparty_name ?? T.common.dash}</span>
            </Tooltip>
            <Tooltip title={row.purpose} placement="topLeft" destroyOnHidden>
              <span className="cell-sub cell-ellipsis">{row.purpose}</span>
            </Tooltip>
          </div>
        ),
    },
    {
      title: T.transactions.category,
      key: 'category',
      width: 230,
      // On a phone it is in the opened row.
      responsive: ['md'],
      render: (_: unknown, row) => categoryCell(row),
    },
    {
      title: T.transactions.amount,
      dataIndex: 'amount',
      width: phone ? 116 : 136,
      align: 'right',
      render: (amount: number, row) => (
        <span className={`num amount amount--${row.direction}`}>
          {row.direction === 'in' ? '+' : '−'}
          {formatMoney(amount)}
        </span>
      ),
    },
  ];

  return (
    <Table<BankTransaction>
      rowKey="ref"
      columns={columns}
      dataSource={rows}
      loading={loading}
      size="middle"
      className="card-table"
      tableLayout="fixed"
      locale={{ emptyText: T.transactions.empty }}
      expandable={phone ? { expandedRowRender: details, expandRowByClick: true, columnWidth: 36 } : undefined}
      pagination={{
        current: page,
        pageSize,
        total,
        onChange: onPage,
        showSizeChanger: false,
        hideOnSinglePage: true,
        showTotal: (n) => `${T.transactions.count}: ${n}`,
      }}
    />
  );
}
