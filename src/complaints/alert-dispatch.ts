/**
 * Raising an alert: stored on the dashboard board first (the key makes it happen once), and
 * only the call that created it sends the WhatsApp copies, so a second monitor instance or a
 * restart never messages the officers twice.
 */
import type { PhoneChats } from '../channels/port';
import type { AlertBoard, AlertKind, AlertRecipient } from './alerts';
import { chatForPhone } from '../channels/phone-chat';
import type { Messenger } from './messenger';

export class AlertDispatcher {
  constructor(private readonly deps: { board: AlertBoard; messenger: Messenger; chats: PhoneChats }) {}

  async raise(input: { key: string; kind: AlertKind; ticketNumber: string | null; text: string; recipients: AlertRecipient[]; at: Date }): Promise<boolean> {
    const { board, messenger, chats } = this.deps;
    const created = await board.raise({
      _id: input.key,
      kind: input.kind,
      ticketNumber: input.ticketNumber,
      text: input.text,
      recipientIds: input.recipients.map((r) => r.id),
      createdAt: input.at,
    });
    if (!created) return false;
    for (const recipient of input.recipients) {
      const chat = recipient.phone ? chatForPhone(chats, recipient.phone) : null;
      if (chat) await messenger.send(chat, [input.text], 'alert', null);
    }
    return true;
  }
}
