/**
 * privacy — data-subject requests (UU 27/2022) for admins: find everything held about a NIK or
 * a phone number (applications, tickets, chats, handoffs, notification preferences) through
 * keyed hashes, give the person a copy (JSON), correct an application, erase chat records, and
 * restrict applications and tickets (kept as public-service records, hidden from lists, searches
 * and the chat). Every step is audited with the admin's reason. Owns no collection: each record
 * is read and changed through the store that owns it.
 */
export { createPrivacyModule, type PrivacyModule } from './module';
