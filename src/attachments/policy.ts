/**
 * Which files the desk keeps: photos (JPEG, PNG, WebP), voice notes and audio (Ogg/Opus, MPEG,
 * MP4/AAC) and PDF documents, at most 16 MB (WhatsApp's own cap for images and audio, the cap
 * the channels already download under). The type kept is the one the bytes show, never the one
 * a sender declared: a file whose first bytes are no allowed type is refused, so nothing
 * served back to staff (inline or not) can be HTML, a script or an executable in disguise.
 */
import { z } from 'zod';

export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export type FileKind = 'image' | 'audio' | 'document';

/** The allowed types: how staff see each, and the extension a download is named with. */
export const ALLOWED: Record<string, { kind: FileKind; ext: string }> = {
  'image/jpeg': { kind: 'image', ext: 'jpg' },
  'image/png': { kind: 'image', ext: 'png' },
  'image/webp': { kind: 'image', ext: 'webp' },
  'audio/ogg': { kind: 'audio', ext: 'ogg' },
  'audio/mpeg': { kind: 'audio', ext: 'mp3' },
  'audio/mp4': { kind: 'audio', ext: 'm4a' },
  'audio/aac': { kind: 'audio', ext: 'aac' },
  'application/pdf': { kind: 'document', ext: 'pdf' },
};

/** Declared types that name an allowed one by another name (audio/opus, audio/x-m4a, image/jpg). */
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/opus': 'audio/ogg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/x-aac': 'audio/aac',
};

export type Refusal = 'type' | 'size';

/** "audio/ogg; codecs=opus" → "audio/ogg"; an alias → the type it names. */
export function baseType(declared: string | undefined): string | null {
  const base = declared?.split(';')[0]?.trim().toLowerCase();
  if (!base) return null;
  return ALIASES[base] ?? base;
}

/** Before downloading: a declared type that is no allowed one (a video, a zip) is refused without fetching it. */
export function refusedByDeclaredType(declared: string | undefined): boolean {
  const base = baseType(declared);
  return base !== null && !(base in ALLOWED);
}

const ascii = (bytes: Buffer, start: number, text: string) => bytes.length >= start + text.length && bytes.toString('latin1', start, start + text.length) === text;

/**
 * The allowed type the bytes are, or null. MP4 and ADTS are also video containers' and
 * streams' signatures: they are taken as audio only when the message said it was audio.
 */
export function sniff(bytes: Buffer, saidAudio: boolean): string | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'image/webp';
  if (ascii(bytes, 0, '%PDF-')) return 'application/pdf';
  if (ascii(bytes, 0, 'OggS')) return 'audio/ogg';
  if (ascii(bytes, 0, 'ID3')) return 'audio/mpeg';
  if (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0) {
    // Frame sync: layer bits 00 is an AAC ADTS stream, anything else MPEG audio (MP3).
    if ((bytes[1] & 0x06) !== 0) return 'audio/mpeg';
    return saidAudio ? 'audio/aac' : null;
  }
  if (saidAudio && ascii(bytes, 4, 'ftyp')) return 'audio/mp4';
  return null;
}

export const fileCheckSchema = z.object({
  bytes: z.instanceof(Buffer),
  declaredType: z.string().max(200).optional(),
  saidAudio: z.boolean(),
});

/** The type to keep the file as, or why it is refused. */
export function checkFile(input: z.infer<typeof fileCheckSchema>): { ok: true; mimeType: string; kind: FileKind } | { ok: false; reason: Refusal } {
  const { bytes, declaredType, saidAudio } = fileCheckSchema.parse(input);
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, reason: 'size' };
  if (refusedByDeclaredType(declaredType)) return { ok: false, reason: 'type' };
  const mimeType = sniff(bytes, saidAudio);
  if (!mimeType) return { ok: false, reason: 'type' };
  return { ok: true, mimeType, kind: ALLOWED[mimeType].kind };
}

/**
 * The name a download is given: letters, digits, dot, dash, underscore and space only (no
 * quote, slash or control character can reach the header), at most 80 characters, and always
 * the extension of the type it is served as.
 */
export function safeFilename(original: string | null, mimeType: string, fallback: string): string {
  const ext = ALLOWED[mimeType]?.ext ?? 'bin';
  const stem = (original ?? '')
    .normalize('NFKD')
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9._ -]+/g, '_')
    .replace(/^[._ -]+|[._ -]+$/g, '')
    .slice(0, 80);
  return `${stem || fallback}.${ext}`;
}
