/**
 * The counter receipt (tanda terima) the office prints for the applicant: the registration
 * number people quote, and the verification code that proves, in the chat, that the person
 * holds this paper. Staff-facing output, so it lives here rather than in the bot's messages.
 */
import type { AgencyProfile } from '../agency/profile-schema';
import type { Application } from './application-types';
import type { PiiCipher } from './pii-crypto';
import { formatVerificationCode } from './verification-code';

export interface Receipt {
  registrationNumber: string;
  /** "K7QX-M2PA"; null only for a record from before codes existed that no one has opened yet. */
  verificationCode: string | null;
  text: string;
}

export function verificationCodeOf(app: Application, cipher: PiiCipher): string | null {
  return app.verification ? formatVerificationCode(cipher.decrypt(app.verification.cipher)) : null;
}

export function receiptFor(app: Application, cipher: PiiCipher, profile: AgencyProfile): Receipt {
  const code = verificationCodeOf(app, cipher);
  const lines = [
    `TANDA TERIMA PERMOHONAN — ${profile.office.name}`,
    `Nama: ${app.name}`,
    `No. registrasi: ${app.registrationNumber}`,
    `Kode verifikasi: ${code ?? '-'}`,
    '',
    'Simpan tanda terima ini. Untuk cek status lewat WhatsApp dari nomor yang tidak terdaftar,',
    'kirim NIK lalu kode verifikasi di atas. Jangan berikan kode ini kepada orang lain.',
  ];
  return { registrationNumber: app.registrationNumber, verificationCode: code, text: lines.join('\n') };
}
