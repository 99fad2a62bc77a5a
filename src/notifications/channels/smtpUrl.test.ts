/** SMTP_URL: what it names, what it refuses (naming the problem), and its form for logs. */
import { describe, expect, it } from 'vitest';
import { checkSmtpUrl, parseSmtpUrl, redactSmtpUrl, SmtpUrlError } from './smtpUrl.js';

describe('parseSmtpUrl', () => {
  it('reads host, port, TLS mode and a percent-decoded login', () => {
    expect(parseSmtpUrl('smtp://user%40corp:p%40ss@mail.example.com:2525')).toEqual({
      host: 'mail.example.com',
      port: 2525,
      secure: false,
      auth: { user: 'user@corp', pass: 'p@ss' },
      requireTLS: false,
      ignoreTLS: false,
      rejectUnauthorized: true,
    });
    expect(parseSmtpUrl('smtps://mail.example.com')).toMatchObject({ port: 465, secure: true, auth: null });
    expect(parseSmtpUrl('smtp://mail.example.com')).toMatchObject({ port: 587, secure: false });
    expect(parseSmtpUrl('smtp://[::1]:25/?requireTLS=true&rejectUnauthorized=false')).toMatchObject({
      host: '::1',
      port: 25,
      requireTLS: true,
      rejectUnauthorized: false,
    });
  });

  it('refuses what it cannot use, saying why', () => {
    expect(() => parseSmtpUrl('mail.example.com')).toThrow(SmtpUrlError);
    expect(checkSmtpUrl('http://mail.example.com')).toMatch(/unsupported scheme http/);
    expect(checkSmtpUrl('smtp://mail.example.com?requireTls=true')).toMatch(/unknown parameter requireTls/);
    expect(checkSmtpUrl('smtp://mail.example.com?requireTLS=yes')).toMatch(/requireTLS must be true or false/);
    expect(checkSmtpUrl('smtp://mail.example.com/path')).toMatch(/path/);
    expect(checkSmtpUrl('smtp://u:%zz@mail.example.com')).toMatch(/password is not valid percent-encoding/);
    expect(checkSmtpUrl('smtp://u:%zz@mail.example.com')).not.toContain('%zz');
    expect(checkSmtpUrl('smtp://u:p@mail.example.com:25')).toBeNull();
  });
});

describe('redactSmtpUrl', () => {
  it('hides the password, keeps the rest', () => {
    expect(redactSmtpUrl('smtp://user:secret@mail.example.com:25')).toBe('smtp://user:***@mail.example.com:25');
    expect(redactSmtpUrl('smtp://mail.example.com:25')).toBe('smtp://mail.example.com:25');
    expect(redactSmtpUrl('smtp://us er:se cret@bad host')).not.toContain('cret');
  });
});
