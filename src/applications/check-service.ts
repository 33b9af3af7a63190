/**
 * Cek hasil, the applicant's side: the status is shown only to a WhatsApp number on the
 * application, or to someone who also gives the receipt's verification code (the registration
 * number is sequential, so it proves nothing). Everyone else — whether or not the NIK is on
 * file — gets the same request for the code and, without the right one, the same neutral
 * answer. Wrong answers count towards a pause of the chat and, across all chats, of the NIK;
 * while a NIK is paused even the right code gets the neutral answer, so a guesser cannot tell
 * when guessing stopped counting. Staff are alerted when a NIK is paused.
 */
import type { AgencyProfile } from '../agency/profile-schema';
import { localIsoDate } from '../calendar/local-date';
import { chatKey } from '../conversation/inbound';
import type { ApplicationCheck, ApplicationService, ChatIdentity } from '../conversation/services';
import type { AuditLog } from '../staff/audit-log';
import { timingSafeEqual } from 'node:crypto';
import type { ApplicationRepository } from './application-repository';
import type { Application, Visit } from './application-types';
import type { CheckLimits } from './check-limits';
import { maskNik, parseNik } from './nik';
import type { PiiCipher } from './pii-crypto';
import type { StatusText } from './status-text';
import { AWAITING_VISIT } from './transitions';
import { findVerificationCodes, verificationCodeHash } from './verification-code';

/** Told when repeated wrong proofs paused a NIK: the applications of that NIK (possibly none) and the pause's end. */
export type NikPausedAlert = (input: { nikHash: string; maskedNik: string; applications: Application[]; until: Date; now: Date }) => Promise<void>;

export interface CheckServiceDeps {
  profile: AgencyProfile;
  repository: ApplicationRepository;
  cipher: PiiCipher;
  limits: CheckLimits;
  text: StatusText;
  audit: AuditLog;
  onNikPaused?: NikPausedAlert;
}

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const SEALED = /^v\d+:/;

export function createCheckService({ profile, repository, cipher, limits, text, audit, onNikPaused }: CheckServiceDeps): ApplicationService {
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

  async function reveal(app: Application, chat: ChatIdentity, via: 'phone' | 'verification_code', now: Date): Promise<ApplicationCheck> {
    await audit.record({ id: `chat:${chatRef(chat)}`, name: `WhatsApp (${chat.channel})` }, 'application.status_checked', `application:${app.id}`, { via });
    return { kind: 'found', text: text.forCheck(app, now) };
  }

  /** The application whose receipt code appears in the reply; the reply is never stored. */
  function provenBy(reply: string, applications: Application[]): Application | undefined {
    const hashes = findVerificationCodes(reply).map((code) => verificationCodeHash(cipher, code));
    return applications.find((a) => a.verification && hashes.some((h) => sameHash(h, a.verification!.hash)));
  }

  async function fail(who: string, nik: string, applications: Application[], now: Date, countNik: boolean): Promise<ApplicationCheck> {
    await limits.recordFailure(who, now);
    const nikHash = cipher.hash(nik);
    const until = countNik ? await limits.recordNikFailure(nikHash, now) : null;
    if (until) {
      await audit.record({ id: 'system', name: 'Cek hasil' }, 'application.check_nik_paused', applications.length ? `application:${applications[0].id}` : 'applications', { until: until.toISOString() });
      await onNikPaused?.({ nikHash, maskedNik: maskNik(nik), applications, until, now });
    }
    return { kind: 'neutral' };
  }

  return {
    async check({ chat, nik, proof, now }) {
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
      if (proof === undefined) return { kind: 'need_registration_number', pending: cipher.encrypt(digits) };
      if (await limits.nikPausedUntil(nikHash, now)) return fail(who, digits, applications, now, false);
      const match = provenBy(proof, applications);
      if (match) return reveal(match, chat, 'verification_code', now);
      return fail(who, digits, applications, now, true);
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
