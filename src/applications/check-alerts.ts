/**
 * The staff alert when repeated wrong verification codes paused a NIK (check-service.ts):
 * on the dashboard's alert board and on the WhatsApp of the verifiers (admins when there are
 * none). Names the masked NIK and its registration numbers so staff can reach the applicant;
 * never the NIK itself.
 */
import type { AlertDispatcher } from '../complaints/alert-dispatch';
import type { AlertRecipients } from '../complaints/alerts';
import type { ScheduleService } from '../conversation/services';
import type { NikPausedAlert } from './check-service';

export function nikPausedAlert(deps: { alerts: AlertDispatcher; recipients: () => AlertRecipients; schedule: ScheduleService }): NikPausedAlert {
  return async ({ nikHash, maskedNik, applications, until, now }) => {
    const recipients = deps.recipients();
    const verifiers = (await recipients.verifiers?.()) ?? [];
    const to = verifiers.length ? verifiers : ((await recipients.admins?.()) ?? []);
    const numbers = applications.map((a) => a.registrationNumber);
    const which = numbers.length ? `permohonan ${numbers.join(', ')}` : 'tidak ada permohonan dengan NIK ini';
    const text =
      `⚠️ Cek status lewat WhatsApp untuk NIK ${maskedNik} (${which}) dihentikan sampai ${deps.schedule.formatDateTime(until)}: ` +
      'kode verifikasi salah berulang kali, mungkin dari beberapa nomor. Bila perlu, hubungi pemohon lewat nomor yang terdaftar.';
    await deps.alerts.raise({ key: `check_paused:${nikHash.slice(0, 24)}:${until.toISOString()}`, kind: 'check_paused', ticketNumber: null, text, recipients: to, at: now });
  };
}
