/**
 * The real channels of a node: messages rendered from their stored content by the templates, e-mail over SMTP_URL,
 * webhooks signed with the rule's secret. The SMTP connection is made at the first e-mail.
 */
import type { Json } from '../engine/index.js';
import type { WebhookBody } from '../wire/index.js';
import { Mailer, postWebhook } from './channels/index.js';
import { parseMessageContent, renderMessage } from './content/index.js';
import type { NotifierSettings } from './defaults.js';
import type { RenderedMessage } from './content/index.js';
import type { NotifierChannels } from './Notifier.js';

export function liveChannels(settings: Pick<NotifierSettings, 'smtpUrl' | 'mailFrom' | 'publicUrl' | 'sendTimeoutMs'>): NotifierChannels {
  let mailer: Mailer | null = null;
  return {
    render: (content: Json): RenderedMessage => renderMessage(parseMessageContent(content), { publicUrl: settings.publicUrl }),
    sendEmail: async (to, message, messageId) => {
      mailer ??= new Mailer({ smtpUrl: settings.smtpUrl, from: settings.mailFrom, timeoutMs: settings.sendTimeoutMs });
      await mailer.send({ to, subject: message.subject, text: message.text, html: message.html, messageId });
    },
    postWebhook: async (url: string, secret: string, body: WebhookBody, deliveryId: string) => {
      await postWebhook({ url, secret, body, deliveryId, timeoutMs: settings.sendTimeoutMs });
    },
    close: async () => {
      mailer?.close();
    },
  };
}
