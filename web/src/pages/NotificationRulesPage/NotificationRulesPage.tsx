/**
 * «Уведомления» (admins): the notification rules — each one's name, event in Russian, task type, recipients and
 * mode, an enabled switch, edit (RuleForm) and delete with confirmation. After a rule with a webhook is created (or
 * its secret renewed) the secret is shown once in a dialog with a copy button.
 */
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Modal, Popconfirm, Switch, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '@/api/client';
import {
  canManageNotificationRules,
  listNotificationRules,
  removeNotificationRule,
  updateNotificationRule,
  type NotificationRule,
} from '@/api/notifications';
import { listUsers, type PublicUser } from '@/api/users';
import { errorDetail } from '@/api/schedules';
import { taskTypeLabel } from '@/app/schedulePresets';
import { useSession } from '@/app/useSession';
import { ListPage } from '@/components/ListPage/ListPage';
import { T } from '@/texts';
import RuleForm from './RuleForm';
import './NotificationRulesPage.css';

const R = T.notifications.rules;

function messageOf(err: unknown): string {
  return err instanceof ApiError && err.status === 0 ? T.common.networkError : errorDetail(err);
}

/** Who hears of a rule, in words: «2 пользователя (в приложении, по почте) · buh@firm.ru · вебхук». */
export function recipientsText(rule: NotificationRule, users: PublicUser[]): string {
  const parts: string[] = [];
  if (rule.user_ids.length > 0) {
    const names = rule.user_ids.map((id) => users.find((u) => u.id === id)?.username ?? `#${id}`);
    const who = names.length <= 3 ? names.join(', ') : R.userCount(names.length);
    const how = rule.user_channels.map((c) => R.channels[c] ?? c).join(', ');
    parts.push(how ? `${who} (${how})` : who);
  }
  parts.push(...rule.emails);
  if (rule.webhook_url) parts.push(R.webhookShort);
  return parts.length ? parts.join(' · ') : R.nobody;
}

/** The event in words, with the minutes of «Зависла». */
function eventText(rule: NotificationRule): string {
  const name = R.events[rule.event] ?? rule.event;
  return rule.event === 'stuck' && rule.stuck_minutes ? `${name}: ${R.stuckText(rule.stuck_minutes)}` : name;
}

/** The notification rules page. */
export default function NotificationRulesPage() {
  const { message } = App.useApp();
  const session = useSession();
  const allowed = canManageNotificationRules(session?.user.role);
  const [rules, setRules] = useState<NotificationRule[]>([]);
  const [users, setUsers] = useState<PublicUser[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(!allowed);
  const [formOpen, setFormOpen] = useState(false);
  const [formRule, setFormRule] = useState<NotificationRule | null>(null);
  /** The rule whose new webhook secret is shown. */
  const [secretOf, setSecretOf] = useState<NotificationRule | null>(null);
  const [busy, setBusy] = useState<Record<string, boolean>>({});

  const load = useCallback(async () => {
    if (!allowed) {
      setLoading(false);
      return;
    }
    setLoading(true);
    try {
      const [items, accounts] = await Promise.all([listNotificationRules(), listUsers().catch(() => [] as PublicUser[])]);
      setRules(items);
      setUsers(accounts);
      setLoadError(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) setForbidden(true);
      else if (!(err instanceof ApiError && err.status === 401)) setLoadError(messageOf(err));
    } finally {
      setLoading(false);
    }
  }, [allowed]);

  useEffect(() => {
    void load();
  }, [load]);

  const openForm = (rule: NotificationRule | null) => {
    setFormRule(rule);
    setFormOpen(true);
  };
  const replace = (next: NotificationRule) => setRules((current) => current.map((r) => (r.id === next.id ? next : r)));

  const toggle = async (rule: NotificationRule, enabled: boolean) => {
    setBusy((b) => ({ ...b, [rule.id]: true }));
    try {
      replace(await updateNotificationRule(rule.id, { enabled }));
    } catch (err) {
      message.error(`${R.saveFailed}: ${messageOf(err)}`);
    } finally {
      setBusy((b) => ({ ...b, [rule.id]: false }));
    }
  };

  const remove = async (rule: NotificationRule) => {
    setBusy((b) => ({ ...b, [rule.id]: true }));
    try {
      await removeNotificationRule(rule.id);
      setRules((current) => current.filter((r) => r.id !== rule.id));
      message.success(R.removed);
    } catch (err) {
      message.error(`${R.removeFailed}: ${messageOf(err)}`);
    } finally {
      setBusy((b) => ({ ...b, [rule.id]: false }));
    }
  };

  const columns: TableColumnsType<NotificationRule> = [
    {
      title: R.name,
      dataIndex: 'name',
      render: (name: string) => <span className="rules__name">{name}</span>,
    },
    { title: R.event, key: 'event', render: (_, rule) => eventText(rule) },
    {
      title: R.taskType,
      dataIndex: 'task_type',
      render: (type: string | null) => (type ? taskTypeLabel(type) : <span className="muted">{R.anyType}</span>),
    },
    {
      title: R.recipients,
      key: 'recipients',
      render: (_, rule) => <span className="rules__recipients">{recipientsText(rule, users)}</span>,
    },
    {
      title: R.mode,
      key: 'mode',
      render: (_, rule) =>
        rule.mode === 'digest' && rule.digest_minutes ? (
          <Tag>{R.digestText(rule.digest_minutes)}</Tag>
        ) : (
          <Tag>{R.modes[rule.mode] ?? rule.mode}</Tag>
        ),
    },
    {
      title: R.enabled,
      key: 'enabled',
      render: (_, rule) => (
        <Switch
          checked={rule.enabled}
          loading={busy[rule.id]}
          aria-label={R.enabledOf(rule.name)}
          onChange={(on) => void toggle(rule, on)}
        />
      ),
    },
    {
      title: R.actions,
      key: 'actions',
      render: (_, rule) => (
        <span className="rules__actions">
          <Tooltip title={R.edit}>
            <Button icon={<EditOutlined />} aria-label={R.editOf(rule.name)} onClick={() => openForm(rule)} />
          </Tooltip>
          <Popconfirm
            title={R.removeTitle}
            description={R.removeText}
            okText={R.removeOk}
            cancelText={T.common.cancel}
            okButtonProps={{ danger: true }}
            onConfirm={() => void remove(rule)}
          >
            <Button danger icon={<DeleteOutlined />} aria-label={R.removeOf(rule.name)} disabled={busy[rule.id]} />
          </Popconfirm>
        </span>
      ),
    },
  ];

  return (
    <ListPage<NotificationRule>
      name="rules"
      texts={R}
      forbidden={forbidden}
      loadError={loadError}
      onReload={() => void load()}
      onAdd={() => openForm(null)}
      table={{ rowKey: 'id', columns, dataSource: rules, loading, scroll: { x: 'max-content' }, pagination: false }}
    >
      <RuleForm
        open={formOpen}
        rule={formRule}
        users={users}
        onClose={() => setFormOpen(false)}
        onSaved={(saved, created, newSecret) => {
          setFormOpen(false);
          setRules((current) => (created ? [...current, saved] : current.map((r) => (r.id === saved.id ? saved : r))));
          message.success(R.saved);
          if (newSecret) setSecretOf(saved);
        }}
      />
      <Modal
        open={secretOf !== null}
        title={R.secretTitle}
        onCancel={() => setSecretOf(null)}
        footer={<Button onClick={() => setSecretOf(null)}>{T.common.close}</Button>}
        closable={{ 'aria-label': T.common.close }}
      >
        {secretOf?.webhook_secret && (
          <div className="rules__secret" data-testid="webhook-secret">
            <p>{R.secretText}</p>
            <Typography.Text code copyable={{ text: secretOf.webhook_secret, tooltips: [R.copy, R.copied] }}>
              {secretOf.webhook_secret}
            </Typography.Text>
          </div>
        )}
      </Modal>
    </ListPage>
  );
}
