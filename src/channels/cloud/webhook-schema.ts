/**
 * The Cloud API webhook payload (field `messages`), validated by zod: inbound messages and the
 * status reports of what we sent. Shapes from Meta's webhook reference (messages: text,
 * interactive button_reply/list_reply, template quick-reply `button`, location, contacts,
 * image/video/audio/document/sticker by media id; statuses: sent/delivered/read/failed with
 * `errors`). Unknown keys are dropped; unknown message types still parse and map to `other`.
 */
import { z } from 'zod';

const media = z.object({ id: z.string().min(1), mime_type: z.string().optional(), sha256: z.string().optional(), caption: z.string().optional(), filename: z.string().optional(), voice: z.boolean().optional() });

export const cloudErrorSchema = z.object({
  code: z.coerce.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
});

export const cloudMessageSchema = z.object({
  from: z.string().regex(/^\d{5,20}$/),
  id: z.string().min(1).max(200),
  timestamp: z.coerce.number().int().positive(),
  type: z.string().min(1),
  context: z.object({ from: z.string().optional(), id: z.string().optional() }).optional(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
    })
    .optional(),
  /** A quick-reply button of a template message. */
  button: z.object({ payload: z.string().optional(), text: z.string() }).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }).optional(),
  contacts: z
    .array(z.object({ name: z.object({ formatted_name: z.string().optional() }).optional(), phones: z.array(z.object({ phone: z.string().optional(), wa_id: z.string().optional() })).optional() }))
    .optional(),
  image: media.optional(),
  video: media.optional(),
  audio: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  errors: z.array(cloudErrorSchema).optional(),
});
export type CloudMessage = z.infer<typeof cloudMessageSchema>;

export const cloudStatusSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.coerce.number().int().positive(),
  recipient_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(cloudErrorSchema).optional(),
});
export type CloudStatus = z.infer<typeof cloudStatusSchema>;

export const cloudChangeValueSchema = z.object({
  messaging_product: z.literal('whatsapp').optional(),
  metadata: z.object({ display_phone_number: z.string().optional(), phone_number_id: z.string() }),
  contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string().optional() }).optional() })).optional(),
  /** Each element is validated on its own, so one odd message never drops its neighbours. */
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(cloudErrorSchema).optional(),
});

export const cloudWebhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      id: z.string(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});
