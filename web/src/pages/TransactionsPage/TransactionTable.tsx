/** The transactions table: date, number, counterparty and purpose, the category (editable inline), the amount. */
import { EditOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Select, Table, Tooltip, type TableColumnsType } from 'antd';
import type { BankTransaction, Category } from '@/api/data';
import { formatDay, formatMoney } from '@/format';
import { T } from '@/texts';

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

  const columns: TableColumnsType<BankTransaction> = [
    { title: T.transactions.date, dataIndex: 'date', width: 104, render: (d: string) => <span className="num">{formatDay(d)}</span> },
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
      render: (_: unknown, row) => (
        <div className="cell-main">
          <span className="cell-ellipsis" title={row.counterparty_name ?? undefined}>
            {row.counterparty_name ?? T.common.dash}
          </span>
          <span className="cell-sub cell-ellipsis" title={row.purpose}>
            {row.purpose}
          </span>
        </div>
      ),
    },
    {
      title: T.transactions.category,
      key: 'category',
      width: 230,
      // On a phone the row is date, counterparty and amount; the category is edited on a wider screen.
      responsive: ['md'],
      render: (_: unknown, row) => {
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
              variant="borderless"
              className="category-select"
              popupMatchSelectWidth={240}
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
      },
    },
    {
      title: T.transactions.amount,
      dataIndex: 'amount',
      width: 136,
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
