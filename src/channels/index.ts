/**
 * channels — where messages come from and go to: the channel port, the simulator (HTTP API and
 * web chat), the WhatsApp adapter (whatsapp-web.js, loaded only there), and phone numbers.
 */
export { ChannelRegistry, ChannelSendError, type Channel, type OutboundMessage } from './port';
export { toE164, samePhone, toWhatsAppId } from './phone-number';
