/**
 * Shared test data for the applications tests: valid NIK/KK numbers (Banjarmasin, 6371…),
 * phone numbers the simulator accepts, and a helper that registers an application via the API.
 */
import type { TestService } from '../support/service';

/** Woman born 6 Sep 1997 (day + 40). */
export const NIK_WOMAN = '6371014609970001';
export const DOB_WOMAN = '1997-09-06';
/** Man born 5 Dec 1980. */
export const NIK_MAN = '6371010512800002';
export const DOB_MAN = '1980-12-05';
/** Valid, never registered. */
export const NIK_UNKNOWN = '6371012207750009';
export const KK = '6371010101150003';

/** Six valid NIKs for the daily limit (men born 1–6 Jan 1985). */
export const MANY_NIKS = [1, 2, 3, 4, 5, 6].map((d) => `637101${String(d).padStart(2, '0')}0185000${d}`);

let counter = 0;
/** A fresh simulator phone per use (Telkomsel range), so chats never share limits or state. */
export const newPhone = () => `6281377${String(++counter).padStart(6, '0')}`;

export const all = (replies: string[]) => replies.join('\n---\n');

export interface ApplicationInput {
  registrationNumber: string;
  nik?: string;
  kkNumber?: string;
  name?: string;
  dateOfBirth?: string;
  phones?: string[];
  status?: string;
  visit?: { date: string; timeWindow: string };
  [extra: string]: unknown;
}

export async function createApplication(t: TestService, input: ApplicationInput): Promise<string> {
  return (await createApplicationWithReceipt(t, input)).id;
}

/** Registers an application and returns its id and the verification code printed on its receipt. */
export async function createApplicationWithReceipt(t: TestService, input: ApplicationInput): Promise<{ id: string; code: string; receipt: string }> {
  const res = await t.api('POST', '/api/v1/applications', {
    nik: NIK_WOMAN,
    kkNumber: KK,
    name: 'Siti Aminah',
    dateOfBirth: DOB_WOMAN,
    phones: [],
    status: 'diterima',
    ...input,
  });
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${res.text}`);
  return { id: res.body.id, code: res.body.receipt.verificationCode, receipt: res.body.receipt.text };
}
