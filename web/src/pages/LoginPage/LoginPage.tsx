/** The log-in page: user name and password; a wrong pair, a locked log-in (with the wait) or an expired session is said plainly. */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { login } from '@/api/auth';
import { ApiError } from '@/api/client';
import { errorText } from '@/api/errorText';
import { ROUTES } from '@/app/router';
import { useDocumentTitle } from '@/app/useDocumentTitle';
import { T } from '@/texts';

/** Props of {@link LoginPage}. */
export interface LoginPageProps {
  /** The previous session ended by itself (token expired or revoked). */
  expired?: boolean;
}

/** What to tell the user about a failed log-in. */
function loginErrorText(err: unknown): string {
  if (!(err instanceof ApiError)) return String(err);
  if (err.status === 401) return T.login.badCredentials;
  if (err.status === 403) return T.login.disabled;
  // Too many failures for the name or from this address: the server says how long to wait (retry_after, seconds).
  if (err.status === 429 && typeof err.body.retry_after === 'number') return T.login.throttled(err.body.retry_after);
  return errorText(err);
}

interface Fields {
  username: string;
  password: string;
}

/** The form; a successful log-in stores the session and the app moves on. */
export default function LoginPage({ expired = false }: LoginPageProps) {
  useDocumentTitle(ROUTES.login);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ username, password }: Fields) => {
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(loginErrorText(err));
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <div className="login__brand">
        <img src="/favicon.svg" alt="" width={44} height={44} />
        <div>
          <h1>{T.appName}</h1>
          <p>{T.appTagline}</p>
        </div>
      </div>
      <Card className="login__card" title={<h2 className="login__title">{T.login.title}</h2>}>
        {expired && !error && <Alert type="warning" showIcon message={T.login.sessionExpired} className="login__alert" />}
        {error && <Alert type="error" showIcon message={error} className="login__alert" role="alert" />}
        <Form<Fields> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} disabled={busy}>
          <Form.Item
            label={T.login.username}
            name="username"
            rules={[{ required: true, whitespace: true, message: T.login.usernameRequired }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item label={T.login.password} name="password" rules={[{ required: true, message: T.login.passwordRequired }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy}>
            {T.login.submit}
          </Button>
        </Form>
        <p className="login__hint">{T.login.hint}</p>
      </Card>
    </main>
  );
}
