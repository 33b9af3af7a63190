/**
 * Protection of personal data at rest (UU 27/2022): NIK, KK and phone numbers are stored
 * encrypted, with a keyed hash beside them so records can be found without decrypting; the
 * files applicants send (KTP and KK photos) are sealed as bytes under a sub-key of their own.
 * One 32-byte master key; separate sub-keys for hashing and encryption (HKDF) so neither use
 * of the key can weaken the other.
 * Hashes are over exact strings: normalise first (parseNik().nik, toE164()).
 */
import crypto from 'node:crypto';

export interface PiiCipher {
  /** Keyed lookup hash (HMAC-SHA256, hex): equal inputs give equal hashes under one key. */
  hash(value: string): string;
  /** 'v1:' + base64(iv | tag | ciphertext), AES-256-GCM with a fresh random 12-byte IV. */
  encrypt(value: string): string;
  /** Throws PiiDecryptError when the token is malformed, tampered with or from another key. */
  decrypt(token: string): string;
  /**
   * Bytes sealed (a file an applicant sent: a KTP photo): version byte | iv | tag | ciphertext,
   * AES-256-GCM under a sub-key of its own, with a fresh random 12-byte IV.
   */
  encryptBytes(plain: Buffer): Buffer;
  /** Throws PiiDecryptError when the bytes are malformed, tampered with or from another key. */
  decryptBytes(sealed: Buffer): Buffer;
}

export class PiiDecryptError extends Error {
  constructor(reason: string) {
    super(`cannot decrypt personal data: ${reason}`);
    this.name = 'PiiDecryptError';
  }
}

const VERSION = 'v1:';
const BYTES_VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function subKey(master: Buffer, info: string): Buffer {
  // No salt: the master key is already uniformly random; `info` separates the uses.
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
}

export function createPiiCipher(hexKey: string): PiiCipher {
  // The key itself never appears in an error message.
  if (!/^[0-9a-fA-F]{64}$/.test(hexKey)) throw new Error('PII key must be 64 hexadecimal characters (32 bytes)');
  const master = Buffer.from(hexKey, 'hex');
  const lookupKey = subKey(master, 'lookup');
  const encryptKey = subKey(master, 'encrypt');
  const fileKey = subKey(master, 'files');

  return {
    hash(value) {
      return crypto.createHmac('sha256', lookupKey).update(value, 'utf8').digest('hex');
    },

    encrypt(value) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', encryptKey, iv);
      const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
    },

    decrypt(token) {
      if (!token.startsWith(VERSION)) throw new PiiDecryptError('unknown format');
      const body = token.slice(VERSION.length);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new PiiDecryptError('not base64');
      const raw = Buffer.from(body, 'base64');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new PiiDecryptError('too short');
      const decipher = crypto.createDecipheriv('aes-256-gcm', encryptKey, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new PiiDecryptError('authentication failed (tampered, or encrypted with another key)');
      }
    },

    encryptBytes(plain) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', fileKey, iv);
      const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.from([BYTES_VERSION]), iv, cipher.getAuthTag(), ciphertext]);
    },

    decryptBytes(sealed) {
      if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== BYTES_VERSION) throw new PiiDecryptError('unknown format');
      const decipher = crypto.createDecipheriv('aes-256-gcm', fileKey, sealed.subarray(1, 1 + IV_BYTES));
      decipher.setAuthTag(sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
      } catch {
        throw new PiiDecryptError('authentication failed (tampered, or encrypted with another key)');
      }
    },
  };
}
