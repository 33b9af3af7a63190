/**
 * Status notifications and visit reminders to the applicant's WhatsApp number(s), through the
 * outbox like every other message. Skipped for numbers (or chats) that sent "berhenti" and for
 * applications staff marked as not to be notified.
 */
import type { Logger } from 'pino';
import type { PhoneChats } from '../channels/port';
import { chatKey } from '../conversation/inbound';
import type { Outbox } from '../conversation/outbox';
import type { OutboxSource } from '../channels/port';
import type { Application, Visit } from './application-types';
import { chatForPhone } from '../channels/phone-chat';
import type { NotificationPreferenceStore } from './notification-preferences';
import type { PiiCipher } from './pii-crypto';
import type { StatusText } from './status-text';

export interface NotifierDeps {
  chats: PhoneChats;
  outbox: Outbox;
  cipher: PiiCipher;
  preferences: NotificationPreferenceStore;
  text: StatusText;
  logger: Logger;
}

export type Notifier = ReturnType<typeof createNotifier>;

export function createNotifier({ chats, outbox, cipher, preferences, text, logger }: NotifierDeps) {
  /** Queues the text for every reachable number; returns the chat keys to drain. */
  async function queue(app: Application, message: string, source: OutboxSource, expiresAt?: Date): Promise<string[]> {
    if (app.notificationsOptOut) return [];
    const keys: string[] = [];
    for (const phone of app.phones) {
      const chat = chatForPhone(chats, cipher.decrypt(phone.cipher));
      if (!chat) {
        logger.warn({ applicationNotification: true }, 'no channel runs to reach the applicant: notification not queued');
        continue;
      }
      if (await preferences.isOptedOut(phone.hash, chat)) continue;
      await outbox.enqueue([{ chat, text: message, source, correlationId: `application:${app.id}`, expiresAt }]);
      keys.push(chatKey(chat));
    }
    return keys;
  }

  /** Sends now; a failure to send stays in the outbox for its retries and never fails the caller. */
  async function drain(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map((key) => outbox.drain(key).catch((err) => logger.warn({ err, applicationNotification: true }, 'notification not sent yet'))),
    );
  }

  const withVisit = (app: Application): app is Application & { visit: Visit } => app.visit !== null;

  return {
    queue,
    drain,
    async statusChanged(app: Application, now: Date): Promise<string[]> {
      return queue(app, text.statusChanged(app, now), 'notification');
    },
    async visitScheduled(app: Application): Promise<string[]> {
      return withVisit(app) ? queue(app, text.visitScheduled(app), 'notification') : [];
    },
    /** `expiresAt`: the visit's start; a reminder still unsent by then is dropped, never sent late. */
    async visitReminder(app: Application, expiresAt: Date): Promise<string[]> {
      return withVisit(app) ? queue(app, text.visitReminder(app), 'reminder', expiresAt) : [];
    },
  };
}
