/**
 * Cek hasil, the applicant's side: the status is shown only to a WhatsApp number on the
 * application, or to someone who also gives the receipt's registration number. Everyone else
 * — whether or not the NIK is on file — gets the same request for the registration number and,
 * without the right one, the same neutral answer; wrong answers count towards a pause.
 */
import type { AgencyProfile } from '../agency/profile-schema';
import { localIsoDate } from '../calendar/local-date';
import { chatKey } from '../conversation/inbound';
import type { ApplicationCheck, ApplicationService, ChatIdentity } from '../conversation/services';
import type { AuditLog } from '../staff/audit-log';
import type { ApplicationRepository } from './application-repository';
import type { Application, Visit } from './application-types';
import type { CheckLimits } from './check-limits';
import { parseNik } from './nik';
import type { PiiCipher } from './pii-crypto';
import type { StatusText } from './status-text';
import { AWAITING_VISIT } from './transitions';

export interface CheckServiceDeps {
  profile: AgencyProfile;
  repository: ApplicationRepository;
  cipher: PiiCipher;
  limits: CheckLimits;
  text: StatusText;
  audit: AuditLog;
}

const SEALED = /^v\d+:/;

export function createCheckService({ profile, repository, cipher, limits, text, audit }: CheckServiceDeps): ApplicationService {
  /** The chat as the limits and the audit log know it: a keyed hash, never the number. */
  const chatRef = (chat: ChatIdentity) => cipher.hash(chatKey(chat)).slice(0, 32);

  /** A NIK typed now, or the sealed one from our own earlier need_registration_number answer. */
  function openNik(nik: string): string | null {
    let digits = nik;
    if (SEALED.test(nik)) {
      try {
        digits = cipher.decrypt(nik);
      } catch {
        return null;
      }
    }
    const parsed = parseNik(digits);
    return parsed.ok ? parsed.nik : null;
  }

  async function reveal(app: Application, chat: ChatIdentity, via: 'phone' | 'registration_number', now: Date): Promise<ApplicationCheck> {
    await audit.record({ id: `chat:${chatRef(chat)}`, name: `WhatsApp (${chat.channel})` }, 'application.status_checked', `application:${app.id}`, { via });
    return { kind: 'found', text: text.forCheck(app, now) };
  }

  return {
    async check({ chat, nik, registrationNumber, now }) {
      const who = chatRef(chat);
      const until = await limits.pausedUntil(who, now);
      if (until) return { kind: 'paused', until };
      const digits = openNik(nik);
      if (!digits) return { kind: 'neutral' };
      const nikHash = cipher.hash(digits);
      if (!(await limits.allowNik(who, nikHash, now))) return { kind: 'daily_limit' };

      const applications = await repository.findByNikHash(nikHash);
      if (chat.phone) {
        const phoneHash = cipher.hash(chat.phone);
        const own = applications.find((a) => a.phones.some((p) => p.hash === phoneHash));
        if (own) return reveal(own, chat, 'phone', now);
      }
      if (registrationNumber === undefined) return { kind: 'need_registration_number', pending: cipher.encrypt(digits) };
      const wanted = registrationNumber.trim().toUpperCase();
      const match = applications.find((a) => a.registrationNumber === wanted);
      if (match) return reveal(match, chat, 'registration_number', now);
      await limits.recordFailure(who, now);
      return { kind: 'neutral' };
    },

    async upcomingVisitText(chat, now) {
      if (!chat.phone) return null;
      const today = localIsoDate(now, profile.office.timeZone);
      const applications = await repository.findByPhoneHash(cipher.hash(chat.phone));
      const upcoming = applications
        .filter((a): a is Application & { visit: Visit } => a.visit !== null && a.visit.date >= today && AWAITING_VISIT.includes(a.status))
        .sort((a, b) => a.visit.date.localeCompare(b.visit.date));
      return upcoming.length ? upcoming.map((a) => text.upcomingVisit(a)).join('\n') : null;
    },
  };
}
