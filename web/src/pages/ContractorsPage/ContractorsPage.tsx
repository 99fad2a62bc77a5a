/** Counterparties synced from 1C, with search; «Синхронизировать» opens SyncModal on its «Контрагенты» tab. */
import { CloudSyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '@/api/errorText';
import { listContractors, type Contractor } from '@/api/data';
import SyncModal from '@/components/SyncModal';
import { formatShortDateTime } from '@/format';
import { T } from '@/texts';

const PAGE_SIZE = 50;

/** The page. */
export default function ContractorsPage() {
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<Contractor[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [syncOpen, setSyncOpen] = useState(false);
  const [version, setVersion] = useState(0);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const answer = await listContractors(search.trim() || undefined, PAGE_SIZE, (page - 1) * PAGE_SIZE);
      setRows(answer.items);
      setTotal(answer.total);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [search, page, version]);

  useEffect(() => {
    void load();
  }, [load]);

  const columns: TableColumnsType<Contractor> = [
    {
      title: T.contractors.name,
      dataIndex: 'name',
      render: (name: string, row) => (
        <div className="cell-main">
          <Tooltip title={row.full_name || name} placement="topLeft" destroyOnHidden>
            <span className="cell-ellipsis">
              {name}
              {row.deletion_mark && (
                <Tag color="red" className="inline-tag">
                  {T.contractors.deleted}
                </Tag>
              )}
            </span>
          </Tooltip>
          {row.full_name && row.full_name !== name && <span className="cell-sub cell-ellipsis">{row.full_name}</span>}
        </div>
      ),
    },
    { title: T.contractors.inn, dataIndex: 'inn', width: 140, render: (v: string) => <span className="num">{v || T.common.dash}</span> },
    {
      title: T.contractors.kpp,
      dataIndex: 'kpp',
      width: 120,
      responsive: ['md'],
      render: (v: string) => <span className="num">{v || T.common.dash}</span>,
    },
    {
      title: T.contractors.kind,
      dataIndex: 'person_type',
      width: 120,
      responsive: ['sm'],
      render: (v: Contractor['person_type']) =>
        v === 'legal' ? T.contractors.legal : v === 'individual' ? T.contractors.individual : T.common.dash,
    },
    {
      title: T.contractors.synced,
      dataIndex: 'synced_at',
      width: 130,
      responsive: ['lg'],
      render: (v: string) => <span className="num">{formatShortDateTime(v)}</span>,
    },
  ];

  return (
    <section className="page" aria-labelledby="contractors-title">
      <header className="page__header">
        <h1 id="contractors-title">{T.contractors.title}</h1>
        <div className="page__actions">
          <Button type="primary" icon={<CloudSyncOutlined />} onClick={() => setSyncOpen(true)}>
            {T.contractors.sync}
          </Button>
        </div>
      </header>
      <div className="filters" role="search" aria-label={T.contractors.searchLabel}>
        <Input.Search
          allowClear
          placeholder={T.contractors.search}
          aria-label={T.contractors.searchLabel}
          onSearch={(v) => {
            setSearch(v);
            setPage(1);
          }}
          className="filters__search filters__search--wide"
        />
      </div>
      {error && <Alert type="error" showIcon message={error} className="page__alert" />}
      <Table<Contractor>
        rowKey="ref"
        columns={columns}
        dataSource={rows}
        loading={loading}
        size="middle"
        className="card-table"
        tableLayout="fixed"
        locale={{ emptyText: T.contractors.empty }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total,
          onChange: setPage,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: T.tasks.total,
        }}
      />
      <SyncModal
        visible={syncOpen}
        defaultTab="contractors"
        onClose={() => {
          setSyncOpen(false);
          setVersion((v) => v + 1);
        }}
        onSyncComplete={() => {
          message.success(T.sync.done);
          setVersion((v) => v + 1);
        }}
      />
    </section>
  );
}
