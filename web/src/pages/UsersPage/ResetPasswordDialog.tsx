/** The dialog where an admin sets a user's new password (a reset: the user's sessions end). */
import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { accountErrorText, updateUser, type PublicUser } from '@/api/users';
import { T } from '@/texts';

const U = T.users;

/** Props of {@link ResetPasswordDialog}. */
export interface ResetPasswordDialogProps {
  /** The user whose password is reset; null: closed. */
  user: PublicUser | null;
  onClose: () => void;
  onDone: (user: PublicUser) => void;
}

/** «Новый пароль для …». */
export default function ResetPasswordDialog({ user, onClose, onDone }: ResetPasswordDialogProps) {
  const [form] = Form.useForm<{ password: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    if (!user) return;
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setSaving(true);
    setError(null);
    try {
      const saved = await updateUser(user.id, { password: values.password });
      form.resetFields();
      onDone(saved);
    } catch (err) {
      setError(accountErrorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={user ? U.resetTitle(user.username) : ''}
      okText={U.resetOk}
      cancelText={T.common.cancel}
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <p className="muted">{U.resetHint}</p>
      {error && <Alert type="error" showIcon message={error} className="users-form__alert" role="alert" />}
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item name="password" label={U.form.password} rules={[{ required: true, message: U.form.required }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
