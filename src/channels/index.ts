/**
 * channels — where messages come from and go to: the channel port, the simulator (HTTP API and
 * web chat), the two WhatsApp adapters — whatsapp-web.js (`whatsapp/`, loaded only there) and
 * the official Cloud API (`cloud/`) — which chat reaches a phone number, and phone numbers.
 */
export {
  ChannelRegistry, ChannelSendError, ChannelUnavailableError, ChannelHoldError,
  type Channel, type ChannelLink, type ChannelState, type ChannelWebhook, type DeliveryReport, type OutboundMessage, type PhoneChats, type SendReceipt,
} from './port';
export { chatForPhone } from './phone-chat';
export { toE164, samePhone, toWhatsAppId } from './phone-number';
