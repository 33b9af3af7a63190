import crypto from 'node:crypto';
import { createPiiCipher, PiiDecryptError } from '../../src/applications/pii-crypto';

const KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0';
const OTHER_KEY = 'ff'.repeat(32);
const NIK = '3204114609970001';

describe('PII cipher', () => {
  const cipher = createPiiCipher(KEY);

  it('when a value is encrypted and decrypted, then it comes back unchanged', () => {
    expect(cipher.decrypt(cipher.encrypt(NIK))).toBe(NIK);
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
    expect(cipher.decrypt(cipher.encrypt('Siti Aminah — Jl. Melati No. 5'))).toBe('Siti Aminah — Jl. Melati No. 5');
  });

  it('when a value is encrypted, then the token is versioned and does not contain the NIK', () => {
    const token = cipher.encrypt(NIK);
    expect(token).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(token).not.toContain(NIK);
    // 12-byte IV + 16-byte tag + 16 bytes of ciphertext.
    expect(Buffer.from(token.slice(3), 'base64')).toHaveLength(44);
  });

  it('when the same value is encrypted twice, then the tokens differ (fresh IV each time)', () => {
    expect(cipher.encrypt(NIK)).not.toBe(cipher.encrypt(NIK));
  });

  it('when one byte of the token is changed, then decryption is refused', () => {
    const raw = Buffer.from(cipher.encrypt(NIK).slice(3), 'base64');
    for (const position of [0, 12, 28, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[position] ^= 0x01;
      expect(() => cipher.decrypt(`v1:${tampered.toString('base64')}`)).toThrow(PiiDecryptError);
    }
  });

  it('when the token was made with another key, then decryption is refused', () => {
    expect(() => cipher.decrypt(createPiiCipher(OTHER_KEY).encrypt(NIK))).toThrow(PiiDecryptError);
  });

  it.each(['', NIK, 'v2:AAAA', 'v1:***', 'v1:AAAA'])('when the token is malformed (%j), then decryption is refused', (token) => {
    expect(() => cipher.decrypt(token)).toThrow(PiiDecryptError);
  });

  it('when decryption fails, then the error does not contain the token', () => {
    const token = cipher.encrypt(NIK).slice(0, -4) + 'AAAA';
    expect(() => cipher.decrypt(token)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(token.slice(3)) }));
  });

  it('when the same value is hashed twice, then the hashes are equal hex SHA-256 digests', () => {
    expect(cipher.hash(NIK)).toBe(createPiiCipher(KEY).hash(NIK));
    expect(cipher.hash(NIK)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when different values are hashed, then the hashes differ', () => {
    expect(cipher.hash(NIK)).not.toBe(cipher.hash('3204114609970002'));
  });

  it('when the key differs, then the hash differs', () => {
    expect(createPiiCipher(OTHER_KEY).hash(NIK)).not.toBe(cipher.hash(NIK));
  });

  it('when hashing, then the lookup key is not the raw master key (HKDF sub-key)', () => {
    const rawHmac = crypto.createHmac('sha256', Buffer.from(KEY, 'hex')).update(NIK).digest('hex');
    expect(cipher.hash(NIK)).not.toBe(rawHmac);
  });

  it.each(['', 'abc', KEY.slice(2), `${KEY}00`, 'z'.repeat(64)])('when the key is not 64 hex characters (%j), then creation fails without echoing it', (key) => {
    expect(() => createPiiCipher(key)).toThrow('PII key must be 64 hexadecimal characters (32 bytes)');
  });
});
