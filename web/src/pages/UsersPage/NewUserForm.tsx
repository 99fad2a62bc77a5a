/** The dialog that creates a user: name, password, role and an optional e-mail. */
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { accountErrorText, createUser, USER_ROLES, type PublicUser, type UserRole } from '@/api/users';
import { T } from '@/texts';

const F = T.users.form;

interface Values {
  username: string;
  password: string;
  role: UserRole;
  email?: string;
}

/** Props of {@link NewUserForm}. */
export interface NewUserFormProps {
  open: boolean;
  onClose: () => void;
  onCreated: (user: PublicUser) => void;
}

/** The «Новый пользователь» dialog. */
export default function NewUserForm({ open, onClose, onCreated }: NewUserFormProps) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setSaving(true);
    setError(null);
    try {
      const email = values.email?.trim();
      const user = await createUser({
        username: values.username.trim(),
        password: values.password,
        role: values.role,
        email: email || null,
      });
      form.resetFields();
      onCreated(user);
    } catch (err) {
      setError(accountErrorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={F.title}
      okText={F.create}
      cancelText={T.common.cancel}
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} className="users-form__alert" role="alert" />}
      <Form form={form} layout="vertical" initialValues={{ role: 'user' }} onFinish={() => void submit()} className="users-form">
        <Form.Item name="username" label={F.username} rules={[{ required: true, whitespace: true, message: F.required }]}>
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item name="password" label={F.password} extra={F.passwordHint} rules={[{ required: true, message: F.required }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={F.role}>
          <Select options={USER_ROLES.map((r) => ({ value: r, label: T.roles[r] }))} aria-label={F.role} />
        </Form.Item>
        <Form.Item name="email" label={F.email} extra={F.emailHint}>
          <Input inputMode="email" autoComplete="off" maxLength={254} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
