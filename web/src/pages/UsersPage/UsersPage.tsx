/**
 * «Пользователи» (admins only, issue 16): every account with its role, e-mail and state; an admin creates users,
 * changes a role in place, resets a password (the user's sessions end) and disables or enables an account. The
 * server refuses to demote or disable the last enabled admin; that refusal is shown as it is.
 */
import { KeyOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { App, Button, Grid, Popconfirm, Select, Tag, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '@/api/client';
import { accountErrorText, canManageUsers, listUsers, updateUser, USER_ROLES, type PublicUser, type UserPatch } from '@/api/users';
import { useSession } from '@/app/useSession';
import { formatDateTime } from '@/format';
import { ListPage, LIST_PAGINATION } from '@/components/ListPage/ListPage';
import { T } from '@/texts';
import NewUserForm from './NewUserForm';
import ResetPasswordDialog from './ResetPasswordDialog';
import './UsersPage.css';

const U = T.users;

/** The users page. */
export default function UsersPage() {
  const { message } = App.useApp();
  const session = useSession();
  const allowed = canManageUsers(session?.user.role);
  // A phone has room for two columns: who (name, state, e-mail) and what can be done (role, actions).
  const compact = !Grid.useBreakpoint().md;
  const [rows, setRows] = useState<PublicUser[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(!allowed);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<PublicUser | null>(null);
  const [busy, setBusy] = useState<Record<number, boolean>>({});

  const load = useCallback(async () => {
    if (!allowed) {
      setLoading(false);
      return;
    }
    setLoading(true);
    try {
      setRows(await listUsers());
      setLoadError(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) setForbidden(true);
      else if (!(err instanceof ApiError && err.status === 401)) setLoadError(accountErrorText(err));
    } finally {
      setLoading(false);
    }
  }, [allowed]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Sends one change of a row; the row shows the answer, an error is told and the row stays as it was. */
  const change = async (user: PublicUser, patch: UserPatch, done: (saved: PublicUser) => string) => {
    setBusy((b) => ({ ...b, [user.id]: true }));
    try {
      const saved = await updateUser(user.id, patch);
      setRows((current) => current.map((u) => (u.id === saved.id ? saved : u)));
      message.success(done(saved));
    } catch (err) {
      message.error(accountErrorText(err));
    } finally {
      setBusy((b) => ({ ...b, [user.id]: false }));
    }
  };

  const full: TableColumnsType<PublicUser> = [
    {
      title: U.columns.username,
      dataIndex: 'username',
      key: 'username',
      render: (name: string, u) => (
        <span className="users__name">
          {name}
          {u.id === session?.user.id && <span className="muted"> ({U.you})</span>}
        </span>
      ),
    },
    {
      title: U.columns.role,
      dataIndex: 'role',
      key: 'role',
      width: 200,
      // antd's Select does not pass aria-label to its input: a hidden <label> names it.
      render: (_: unknown, u) => (
        <>
          <label htmlFor={`user-role-${u.id}`} className="visually-hidden">
            {U.roleOf(u.username)}
          </label>
          <Select
            id={`user-role-${u.id}`}
            value={u.role}
            className="users__role"
            disabled={busy[u.id]}
            options={USER_ROLES.map((r) => ({ value: r, label: T.roles[r] }))}
            onChange={(role) => void change(u, { role }, (saved) => U.roleChanged(saved.username, T.roles[saved.role] ?? saved.role))}
          />
        </>
      ),
    },
    {
      title: U.columns.email,
      dataIndex: 'email',
      key: 'email',
      render: (email: string | null) =>
        email ? <span className="users__email">{email}</span> : <span className="muted">{T.common.dash}</span>,
    },
    {
      title: U.columns.status,
      dataIndex: 'disabled',
      key: 'disabled',
      width: 130,
      render: (disabled: boolean) => <Tag color={disabled ? 'default' : 'green'}>{disabled ? U.disabled : U.active}</Tag>,
    },
    {
      title: U.columns.created,
      dataIndex: 'created_at',
      key: 'created_at',
      width: 170,
      render: (iso: string) => <span className="num">{formatDateTime(iso)}</span>,
    },
    {
      title: <span className="visually-hidden">{U.columns.actions}</span>,
      key: 'actions',
      width: 320,
      // One's own password and account are changed in «Профиль»: a reset or disabling here would end this session.
      render: (_: unknown, u) =>
        u.id === session?.user.id ? (
          <span className="muted users__self">{U.selfHint}</span>
        ) : (
          <div className="users__actions">
            <Button size="small" icon={<KeyOutlined />} aria-label={U.resetOf(u.username)} onClick={() => setResetting(u)}>
              {U.reset}
            </Button>
            {u.disabled ? (
              <Button
                size="small"
                icon={<CheckCircleOutlined />}
                aria-label={U.enableOf(u.username)}
                loading={busy[u.id]}
                onClick={() => void change(u, { disabled: false }, (saved) => U.enabledDone(saved.username))}
              >
                {U.enable}
              </Button>
            ) : (
              <Popconfirm
                title={U.disableTitle(u.username)}
                description={U.disableText}
                okText={U.disable}
                cancelText={T.common.cancel}
                okButtonProps={{ danger: true }}
                onConfirm={() => change(u, { disabled: true }, (saved) => U.disabledDone(saved.username))}
              >
                <Button size="small" danger icon={<StopOutlined />} aria-label={U.disableOf(u.username)} loading={busy[u.id]}>
                  {U.disable}
                </Button>
              </Popconfirm>
            )}
          </div>
        ),
    },
  ];

  const cell = (key: string) => full.find((c) => c.key === key)!;
  const compactColumns: TableColumnsType<PublicUser> = [
    {
      title: U.columns.username,
      key: 'who',
      render: (_: unknown, u) => (
        <div className="users__who">
          {cell('username').render!(u.username, u, 0) as React.ReactNode}
          {cell('disabled').render!(u.disabled, u, 0) as React.ReactNode}
          {u.email && <span className="cell-sub users__email">{u.email}</span>}
        </div>
      ),
    },
    {
      title: U.columns.role,
      key: 'manage',
      render: (_: unknown, u) => (
        <div className="users__manage">
          {cell('role').render!(u.role, u, 0) as React.ReactNode}
          {cell('actions').render!(undefined, u, 0) as React.ReactNode}
        </div>
      ),
    },
  ];
  const columns = compact ? compactColumns : full;

  return (
    <ListPage<PublicUser>
      name="users"
      texts={U}
      forbidden={forbidden}
      loadError={loadError}
      onReload={() => void load()}
      onAdd={() => setCreating(true)}
      table={{ rowKey: 'id', columns, dataSource: rows, loading, scroll: compact ? undefined : { x: 900 }, pagination: LIST_PAGINATION }}
    >
      <NewUserForm
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          setCreating(false);
          setRows((current) => [...current, user]);
          message.success(U.form.created(user.username));
        }}
      />
      <ResetPasswordDialog
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(user) => {
          setResetting(null);
          message.success(U.resetDone(user.username));
        }}
      />
    </ListPage>
  );
}
