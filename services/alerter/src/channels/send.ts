import { createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { AlertChannel } from '@vigie/core';
import type { Message } from '../messages.js';
import { DeliveryError } from './errors.js';
import { postJson } from './http.js';
import type { Locale } from './i18n.js';
import { layout, renderHtml, renderSlack, renderText } from './render.js';
import type { OutboundPolicy } from './url-guard.js';

export interface ChannelOptions {
  /** SMTP transport (nodemailer options), e.g. from VIGIE_SMTP_URL. */
  smtp?: SMTPTransport.Options | string;
  /** From address of alert e-mails. */
  mailFrom: string;
  policy: OutboundPolicy;
  /** Where webhook signing secrets are read (`secretEnv` names a variable). */
  env: NodeJS.ProcessEnv;
  defaultLocale: Locale;
}

/** Default variable holding the HMAC secret of webhook channels that name none. */
export const DEFAULT_WEBHOOK_SECRET_ENV = 'VIGIE_ALERTS_WEBHOOK_SECRET';

/** HMAC-SHA256 over `<timestamp>.<body>`, hex, sent as `x-vigie-signature: v1=<hex>` with `x-vigie-timestamp`. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface ChannelSender {
  send(target: AlertChannel, message: Message): Promise<string>;
  close(): void;
}

export function createChannelSender(options: ChannelOptions): ChannelSender {
  let transporter: Transporter<SMTPTransport.SentMessageInfo> | undefined;
  const mailer = () => {
    if (!options.smtp) throw new DeliveryError('no SMTP server configured: set VIGIE_SMTP_URL (e.g. smtp://user:pass@mail.example.com:587)', false);
    transporter ??= nodemailer.createTransport(options.smtp as SMTPTransport.Options);
    return transporter;
  };

  return {
    async send(target, message) {
      switch (target.type) {
        case 'email': {
          const locale = target.locale ?? options.defaultLocale;
          const view = layout(message, locale);
          try {
            const info = await mailer().sendMail({ from: options.mailFrom, to: target.to, subject: view.title, text: renderText(view, locale), html: renderHtml(view, locale) });
            return `smtp accepted ${info.accepted.length} recipient(s): ${info.response}`;
          } catch (error) {
            if (error instanceof DeliveryError) throw error;
            const code = (error as { responseCode?: number }).responseCode ?? 0;
            throw new DeliveryError(`SMTP delivery failed: ${(error as Error).message}`, code >= 550 && code <= 553);
          }
        }
        case 'slack': {
          const view = layout(message, options.defaultLocale);
          return postJson(target.url, JSON.stringify(renderSlack(view, options.defaultLocale)), {}, options.policy);
        }
        case 'webhook': {
          const secretEnv = target.secretEnv ?? DEFAULT_WEBHOOK_SECRET_ENV;
          const secret = options.env[secretEnv];
          if (!secret) throw new DeliveryError(`webhook signing secret missing: set the environment variable ${secretEnv}`, true);
          const body = JSON.stringify({ event: message.type === 'alert' ? `alert.${message.notice}` : 'digest', ...message });
          const timestamp = String(Math.floor(Date.now() / 1000));
          return postJson(target.url, body, { 'x-vigie-timestamp': timestamp, 'x-vigie-signature': signWebhook(secret, timestamp, body) }, options.policy);
        }
      }
    },
    close() {
      transporter?.close();
    },
  };
}
