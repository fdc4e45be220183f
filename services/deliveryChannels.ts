// The two ways a notice reaches a person besides the in-app inbox: e-mail over SMTP (nodemailer)
// and a chat robot's webhook (WeCom, DingTalk or Feishu style: a JSON POST of a text message).
// Each send is one attempt; services/deliveries.ts counts attempts and retries with back-off.
import nodemailer from 'nodemailer';
import type { DeliveriesConfig } from '../config';

export class ChannelError extends Error {
  constructor(
    message: string,
    /** Retrying cannot help (the receiver refused the message itself). */
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface ChatMessage {
  text: string;
  /** The person's chat id, mentioned in the message when known. */
  mention: string | null;
}

export interface DeliveryChannels {
  email: ((m: MailMessage) => Promise<void>) | null;
  chat: ((m: ChatMessage) => Promise<void>) | null;
}

function mailer(config: NonNullable<DeliveriesConfig['email']>, timeoutMs: number): (m: MailMessage) => Promise<void> {
  const timeouts = { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs };
  const transport = config.url
    ? nodemailer.createTransport(config.url, timeouts as never)
    : nodemailer.createTransport({
        host: config.host,
        port: config.port,
        secure: config.secure,
        ...(config.user ? { auth: { user: config.user, pass: config.pass ?? '' } } : {}),
        ...timeouts,
      });
  return async (m) => {
    try {
      await transport.sendMail({ from: config.from, to: m.to, subject: m.subject, text: m.text });
    } catch (err) {
      const e = err as { responseCode?: number; message?: string; code?: string };
      // 5xx for the recipient or the message itself is final; connection faults and 4xx are worth retrying.
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && e.code === 'EENVELOPE';
      throw new ChannelError(`SMTP: ${(e.message ?? String(err)).slice(0, 300)}`, permanent);
    }
  };
}

/** The body each robot expects for a text message that mentions one person. */
export function chatBody(format: NonNullable<DeliveriesConfig['chat']>['format'], m: ChatMessage): object {
  switch (format) {
    case 'dingtalk':
      return { msgtype: 'text', text: { content: m.text }, at: { atUserIds: m.mention ? [m.mention] : [], isAtAll: false } };
    case 'feishu':
      return { msg_type: 'text', content: { text: m.mention ? `<at user_id="${m.mention}"></at> ${m.text}` : m.text } };
    default:
      return { msgtype: 'text', text: { content: m.text, mentioned_list: m.mention ? [m.mention] : [] } };
  }
}

function chatRobot(config: NonNullable<DeliveriesConfig['chat']>, timeoutMs: number): (m: ChatMessage) => Promise<void> {
  return async (m) => {
    let res: Response;
    try {
      res = await fetch(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(chatBody(config.format, m)),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new ChannelError(`chat webhook unreachable: ${(err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message}`, false);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
      throw new ChannelError(`chat webhook answered ${res.status}`, !retryable);
    }
    // The robots answer 200 with an error code of their own: {"errcode": 0} or {"code": 0} is success.
    let answer: { errcode?: number; code?: number; errmsg?: string; msg?: string } = {};
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      // Not JSON: a 2xx is success.
    }
    const code = answer.errcode ?? answer.code ?? 0;
    if (code !== 0) throw new ChannelError(`chat webhook refused the message: ${code} ${answer.errmsg ?? answer.msg ?? ''}`.trim(), false);
  };
}

/** The channels the configuration turns on. */
export function deliveryChannels(config: DeliveriesConfig): DeliveryChannels {
  return {
    email: config.email ? mailer(config.email, config.timeoutMs) : null,
    chat: config.chat ? chatRobot(config.chat, config.timeoutMs) : null,
  };
}
