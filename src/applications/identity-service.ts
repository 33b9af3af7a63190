/**
 * NIK handling offered to flows: find and validate a NIK in a message, and seal it
 * (AES-GCM) before it is kept in session state.
 */
import type { IdentityService } from '../conversation/services';
import { findNikCandidates, maskNik, parseNik } from './nik';
import { maskPersonalNumbers } from './personal-numbers';
import type { PiiCipher } from './pii-crypto';

export function createIdentityService(cipher: PiiCipher): IdentityService {
  return {
    findNik(text) {
      const candidates = findNikCandidates(text);
      if (candidates.length === 0) return { kind: 'none' };
      // A valid 16-digit candidate wins over near-misses elsewhere in the message.
      let firstFailure: string | null = null;
      for (const candidate of candidates) {
        const parsed = parseNik(candidate.digits);
        if (parsed.ok) return { kind: 'valid', nik: parsed.nik, masked: maskNik(parsed.nik) };
        firstFailure ??= parsed.message;
      }
      return { kind: 'invalid', message: firstFailure! };
    },
    seal: (nik) => cipher.encrypt(nik),
    // Phone numbers too: a complaint draft or a note must not keep someone's number in clear.
    mask: maskPersonalNumbers,
  };
}
