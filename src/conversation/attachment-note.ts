/**
 * What became of a file a message carried (src/attachments takes it in), as the conversation
 * needs it: whether it was kept for staff, or why not, so the person is told the truth. The
 * catalogue keys follow who talks to the chat: the bot (which cannot read files, and offers a
 * person or the menu) or staff (a short acknowledgement).
 */
import type { InboundMessage } from './inbound';

/** `file.id`: the kept record's id (src/attachments), which a complaint carries so its ticket names exactly the files sent with it. */
export type AttachmentNote = { status: 'kept'; file?: { id: string } } | { status: 'refused'; reason: 'type' | 'size' } | { status: 'failed' };

/** The engine's port to the attachments module: the message's file taken in, or null when it carries none. */
export interface AttachmentPort {
  take(msg: InboundMessage, chatKey: string): Promise<AttachmentNote | null>;
}

/**
 * Does the message's file count as an attachment of what it answers (a complaint, a reply to the
 * office)? When it was kept for staff, or when no file intake ran for it (the channel gave no file
 * to take in); never a text, nor a file refused or lost on the way.
 */
export function fileCounts(message: Pick<InboundMessage, 'type'>, note: AttachmentNote | null | undefined): boolean {
  return message.type !== 'text' && (!note || note.status === 'kept');
}

/** The id of the file the message's note says was kept; null for anything else (nothing kept, or no id to name it by). */
export function keptFileId(note: AttachmentNote | null | undefined): string | null {
  return note?.status === 'kept' && note.file?.id ? note.file.id : null;
}

export function attachmentReplyKey(note: AttachmentNote, who: 'bot' | 'staff'): string {
  const what = note.status === 'refused' ? `refused_${note.reason}` : note.status;
  return `attachment.${who}_${what}`;
}
