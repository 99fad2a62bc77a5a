/**
 * «Профиль», from the header's user menu: the signed-in user's own e-mail (where notifications go) and password.
 * Changing the password ends the user's other sessions; this one goes on with the new token the server answers
 * (web/src/api/users.ts stores it).
 */
import { Alert, App, Button, Divider, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import type { SessionUser } from '@/api/client';
import { accountErrorText, changeOwnPassword, updateOwnEmail } from '@/api/users';
import { T } from '@/texts';
import './ProfileDialog.css';

const P = T.profile;

/** Props of {@link ProfileDialog}. */
export interface ProfileDialogProps {
  open: boolean;
  user: SessionUser;
  onClose: () => void;
}

interface PasswordValues {
  current: string;
  next: string;
  repeat: string;
}

/** The profile dialog. */
export default function ProfileDialog({ open, user, onClose }: ProfileDialogProps) {
  const { message } = App.useApp();
  const [emailForm] = Form.useForm<{ email: string }>();
  const [passwordForm] = Form.useForm<PasswordValues>();
  const [savingEmail, setSavingEmail] = useState(false);
  const [emailError, setEmailError] = useState<string | null>(null);
  const [savingPassword, setSavingPassword] = useState(false);
  const [passwordError, setPasswordError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    emailForm.setFieldsValue({ email: user.email ?? '' });
    passwordForm.resetFields();
    setEmailError(null);
    setPasswordError(null);
  }, [open, user.email, emailForm, passwordForm]);

  const saveEmail = async ({ email }: { email: string }) => {
    setSavingEmail(true);
    setEmailError(null);
    try {
      await updateOwnEmail(email.trim() === '' ? null : email.trim());
      message.success(P.emailSaved);
    } catch (err) {
      setEmailError(accountErrorText(err));
    } finally {
      setSavingEmail(false);
    }
  };

  const changePassword = async (values: PasswordValues) => {
    setSavingPassword(true);
    setPasswordError(null);
    try {
      await changeOwnPassword(values.current, values.next);
      passwordForm.resetFields();
      message.success(P.changed);
    } catch (err) {
      setPasswordError(accountErrorText(err));
    } finally {
      setSavingPassword(false);
    }
  };

  return (
    <Modal
      open={open}
      title={P.title}
      onCancel={onClose}
      closable={{ 'aria-label': T.common.close }}
      footer={null}
      destroyOnHidden
      className="profile-dialog"
    >
      <p className="muted">{`${user.username} · ${T.roles[user.role] ?? user.role}`}</p>
      <Form form={emailForm} layout="vertical" onFinish={(v) => void saveEmail(v)}>
        {emailError && <Alert type="error" showIcon message={emailError} className="profile-dialog__alert" role="alert" />}
        <Form.Item name="email" label={P.email} extra={P.emailHint}>
          <Input inputMode="email" autoComplete="email" maxLength={254} />
        </Form.Item>
        <Button htmlType="submit" loading={savingEmail}>
          {P.saveEmail}
        </Button>
      </Form>
      <Divider />
      <h2 className="profile-dialog__heading">{P.passwordTitle}</h2>
      <Form form={passwordForm} layout="vertical" onFinish={(v) => void changePassword(v)}>
        {passwordError && <Alert type="error" showIcon message={passwordError} className="profile-dialog__alert" role="alert" />}
        <Form.Item name="current" label={P.current} rules={[{ required: true, message: T.users.form.required }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="next"
          label={P.next}
          rules={[
            { required: true, message: T.users.form.required },
            { min: 8, message: T.users.errors.password },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="repeat"
          label={P.repeat}
          dependencies={['next']}
          rules={[
            { required: true, message: T.users.form.required },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('next') ? Promise.resolve() : Promise.reject(new Error(P.mismatch)),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={savingPassword}>
          {P.change}
        </Button>
      </Form>
    </Modal>
  );
}
