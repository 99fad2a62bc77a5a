/**
 * The dialog that creates or edits a notification rule: its name, the event («Завершена», «Ошибка (последняя
 * попытка)», «Зависла» with its minutes, «Пропущен запуск расписания»), the task type (any, or one of the known),
 * who hears of it (users with their channels, e-mail addresses, a webhook URL; at least one), the mode (at once, or a
 * digest every N minutes) and whether it is on. A 400 naming a field is shown on that field.
 */
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Switch } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '@/api/client';
import {
  createNotificationRule,
  NOTIFICATION_EVENTS,
  NOTIFICATION_MODES,
  updateNotificationRule,
  USER_CHANNELS,
  type NotificationEvent,
  type NotificationMode,
  type NotificationRule,
  type NotificationRuleInput,
  type UserChannel,
} from '@/api/notifications';
import { errorDetail, fieldOfError } from '@/api/schedules';
import { TASK_TYPES } from '@/api/tasks';
import type { PublicUser } from '@/api/users';
import { taskTypeLabel } from '@/app/schedulePresets';
import { T } from '@/texts';

const R = T.notifications.rules;

/** The task type select's value for «any type» (a Select option cannot hold null). */
const ANY_TYPE = '';
/** A plain check of an address; the server's check is the one that counts. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Props of {@link RuleForm}. */
export interface RuleFormProps {
  open: boolean;
  /** The rule to edit, or null for a new one. */
  rule: NotificationRule | null;
  /** The accounts the rule may name. */
  users: PublicUser[];
  onClose: () => void;
  /** Saved: the rule as the server answered it, whether it is new, and whether its secret is new. */
  onSaved: (rule: NotificationRule, created: boolean, newSecret: boolean) => void;
}

interface Values {
  name: string;
  event: NotificationEvent;
  task_type: string;
  stuck_minutes: number | null;
  user_ids: number[];
  user_channels: UserChannel[];
  emails: string[];
  webhook_url: string;
  rotate_secret: boolean;
  mode: NotificationMode;
  digest_minutes: number | null;
  enabled: boolean;
}

function initialValues(rule: NotificationRule | null): Values {
  return {
    name: rule?.name ?? '',
    event: rule?.event ?? 'failed',
    task_type: rule?.task_type ?? ANY_TYPE,
    stuck_minutes: rule?.stuck_minutes ?? 30,
    user_ids: rule?.user_ids ?? [],
    user_channels: rule?.user_channels ?? ['app'],
    emails: rule?.emails ?? [],
    webhook_url: rule?.webhook_url ?? '',
    rotate_secret: false,
    mode: rule?.mode ?? 'immediate',
    digest_minutes: rule?.digest_minutes ?? 60,
    enabled: rule?.enabled ?? true,
  };
}

/** What the form sends: only the fields its event and mode use. */
function inputOf(values: Values): NotificationRuleInput {
  return {
    name: values.name.trim(),
    event: values.event,
    task_type: values.task_type === ANY_TYPE ? null : values.task_type,
    stuck_minutes: values.event === 'stuck' ? values.stuck_minutes : null,
    user_ids: values.user_ids,
    user_channels: values.user_channels,
    emails: values.emails.map((e) => e.trim()).filter(Boolean),
    webhook_url: values.webhook_url.trim() || null,
    mode: values.mode,
    digest_minutes: values.mode === 'digest' ? values.digest_minutes : null,
    enabled: values.enabled,
  };
}

/** The form field a 400's `body.<field>…` names (`emails.1` → `emails`), or null. */
function formFieldOf(field: string): keyof Values | null {
  const head = field.split('.')[0]!;
  const known: (keyof Values)[] = [
    'name',
    'event',
    'task_type',
    'stuck_minutes',
    'user_ids',
    'user_channels',
    'emails',
    'webhook_url',
    'mode',
    'digest_minutes',
    'enabled',
  ];
  return (known as string[]).includes(head) ? (head as keyof Values) : null;
}

function RuleFormBody({ rule, users, onClose, onSaved }: Omit<RuleFormProps, 'open'>) {
  const [form] = Form.useForm<Values>();
  const initial = useMemo(() => initialValues(rule), [rule]);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const event = Form.useWatch('event', form) ?? initial.event;
  const mode = Form.useWatch('mode', form) ?? initial.mode;
  const userIds = Form.useWatch('user_ids', form) ?? initial.user_ids;
  const webhook = Form.useWatch('webhook_url', form) ?? initial.webhook_url;

  useEffect(() => setSaveError(null), [rule]);

  const submit = async (values: Values) => {
    const input = inputOf(values);
    if (!input.user_ids?.length && !input.emails?.length && !input.webhook_url) {
      setSaveError(R.noRecipients);
      return;
    }
    setSaving(true);
    setSaveError(null);
    const rotate = Boolean(rule && values.rotate_secret && input.webhook_url);
    try {
      const saved = rule
        ? await updateNotificationRule(rule.id, rotate ? { ...input, rotate_secret: true } : input)
        : await createNotificationRule(input);
      const newSecret = Boolean(saved.webhook_secret) && (!rule || rotate || saved.webhook_secret !== rule.webhook_secret);
      onSaved(saved, !rule, newSecret);
    } catch (err) {
      const named = fieldOfError(err);
      const field = named && formFieldOf(named.field);
      if (named && field) form.setFields([{ name: field, errors: [named.reason] }]);
      else setSaveError(err instanceof ApiError && err.status === 0 ? T.common.networkError : errorDetail(err));
    } finally {
      setSaving(false);
    }
  };

  const typeOptions = useMemo(() => {
    const types: string[] = [...TASK_TYPES];
    if (rule?.task_type && !types.includes(rule.task_type)) types.push(rule.task_type);
    return [{ value: ANY_TYPE, label: R.anyType }, ...types.map((t) => ({ value: t, label: taskTypeLabel(t) }))];
  }, [rule]);
  // A disabled account is offered only if the rule already names it (so it can be taken off).
  const userOptions = useMemo(
    () =>
      users
        .filter((u) => !u.disabled || initial.user_ids.includes(u.id))
        .map((u) => ({ value: u.id, label: `${u.username} · ${T.roles[u.role] ?? u.role}${u.disabled ? ` · ${R.disabledUser}` : ''}` })),
    [users, initial.user_ids],
  );

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      requiredMark={false}
      onFinish={(v) => void submit(v)}
      className="rule-form"
      name={rule ? `rule-${rule.id}` : 'rule-new'}
    >
      {saveError && (
        <Alert type="error" showIcon message={R.saveFailed} description={saveError} className="rule-form__alert" role="alert" />
      )}
      <Form.Item label={R.name} name="name" rules={[{ required: true, whitespace: true, message: R.nameRequired }]}>
        <Input maxLength={200} autoComplete="off" />
      </Form.Item>
      <div className="rule-form__row">
        <Form.Item label={R.event} name="event">
          <Select options={NOTIFICATION_EVENTS.map((e) => ({ value: e, label: R.events[e] ?? e }))} />
        </Form.Item>
        <Form.Item label={R.taskType} name="task_type">
          <Select options={typeOptions} />
        </Form.Item>
      </div>
      {event === 'stuck' && (
        <Form.Item
          label={R.stuckMinutes}
          name="stuck_minutes"
          extra={R.stuckMinutesHelp}
          rules={[{ required: true, type: 'integer', min: 1, message: R.minutesRequired }]}
        >
          <InputNumber min={1} precision={0} />
        </Form.Item>
      )}
      <Form.Item label={R.users} name="user_ids">
        <Select
          mode="multiple"

          placeholder={R.usersPlaceholder}
          options={userOptions}
          optionFilterProp="label"
          allowClear
        />
      </Form.Item>
      {userIds.length > 0 && (
        <Form.Item label={R.userChannels} name="user_channels" rules={[{ required: true, type: 'array', min: 1, message: R.userChannels }]}>
          <Checkbox.Group options={USER_CHANNELS.map((c) => ({ value: c, label: R.channels[c] ?? c }))} />
        </Form.Item>
      )}
      <Form.Item
        label={R.emails}
        name="emails"
        rules={[
          {
            validator: async (_, value: string[] | undefined) => {
              const bad = (value ?? []).find((e) => !EMAIL.test(e.trim()));
              if (bad !== undefined) throw new Error(R.emailInvalid(bad));
            },
          },
        ]}
      >
        <Select mode="tags" placeholder={R.emailsPlaceholder} tokenSeparators={[',', ' ', ';']} suffixIcon={null} />
      </Form.Item>
      <Form.Item
        label={R.webhook}
        name="webhook_url"
        extra={R.webhookHelp}
        rules={[{ pattern: /^$|^https?:\/\/\S+$/i, message: R.webhookInvalid }]}
      >
        <Input type="url" inputMode="url" autoComplete="off" placeholder="https://" />
      </Form.Item>
      {rule?.webhook_url && webhook.trim() && (
        <Form.Item name="rotate_secret" valuePropName="checked">
          <Checkbox>{R.rotate}</Checkbox>
        </Form.Item>
      )}
      <div className="rule-form__row">
        <Form.Item label={R.mode} name="mode">
          <Radio.Group
            optionType="button"
            options={NOTIFICATION_MODES.map((m) => ({ value: m, label: R.modes[m] ?? m }))}
            aria-label={R.mode}
          />
        </Form.Item>
        {mode === 'digest' && (
          <Form.Item
            label={R.digestMinutes}
            name="digest_minutes"
            rules={[{ required: true, type: 'integer', min: 1, message: R.minutesRequired }]}
          >
            <InputNumber min={1} precision={0} />
          </Form.Item>
        )}
      </div>
      <Form.Item label={R.enabled} name="enabled" valuePropName="checked">
        <Switch />
      </Form.Item>
      <div className="rule-form__footer">
        <Button onClick={onClose}>{T.common.cancel}</Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          {rule ? R.save : R.create}
        </Button>
      </div>
    </Form>
  );
}

/** The form in its dialog (its fields start over each time it opens). */
export default function RuleForm({ open, rule, users, onClose, onSaved }: RuleFormProps) {
  return (
    <Modal
      open={open}
      title={rule ? R.editTitle : R.newTitle}
      onCancel={onClose}
      footer={null}
      width={620}
      destroyOnHidden
      closable={{ 'aria-label': T.common.close }}
    >
      <RuleFormBody rule={rule} users={users} onClose={onClose} onSaved={onSaved} />
    </Modal>
  );
}
