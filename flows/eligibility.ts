/**
 * Cek hasil: an applicant asks for their eligibility result or application status.
 * The NIK alone never reveals anything: the service answers only the number registered on
 * the application, or someone who also gives the verification code printed on the receipt.
 */
import { end, reroute, stay, type Flow, type FlowContext, type FlowOutcome } from '../src/conversation/flow-types';
import type { ApplicationCheck } from '../src/conversation/services';

type State =
  | { step: 'nik'; tries: number }
  | { step: 'registration'; pending: string; tries: number };

const MAX_TRIES = 3;
/** The word set of a receipt or code the person does not have ("kertasnya hilang", "tidak punya kode"). */
const RECEIPT_LOST = 'receipt_lost';
const REGISTRATION_NUMBER = /[A-Za-z0-9][A-Za-z0-9/.-]{2,39}/g;

/** A NIK or KK typed again, in any grouping: never a receipt number. */
const LONG_NUMBER = /\d(?:[\s.-]?\d){13,}/g;

/**
 * Whether the reply carries something from the receipt ("kode saya K7QX-M2PA kak"): receipt
 * numbers and verification codes carry digits, the words around them do not. Guessing a
 * word ("lupa") or a re-sent NIK would count as a failed
 * check, so without a digit-bearing token the person is simply asked again.
 */
function findRegistrationNumber(raw: string): string | undefined {
  const tokens = raw.replace(LONG_NUMBER, ' ').match(REGISTRATION_NUMBER) ?? [];
  return tokens.map((t) => t.replace(/[.-]+$/, '')).find((t) => /\d/.test(t) && t.length >= 3 && !REDUPLICATED.test(t));
}

/** "apa2", "kertas2": a word written twice as "2" in chat, never a receipt's code. */
const REDUPLICATED = /^\p{L}+2$/u;

/** "kk" next to a number, or "kartu keluarga", means the person sent a family-card number. */
function looksLikeKkNumber(ctx: FlowContext): boolean {
  const text = ctx.input.words.join(' ');
  return /\b(kartu keluarga|no kk|nomor kk|nmr kk)\b/.test(text) || /\bkk\s*\d{6,}/i.test(ctx.input.raw);
}

function answer(ctx: FlowContext, result: ApplicationCheck, tries: number): FlowOutcome<State> {
  switch (result.kind) {
    case 'found':
      ctx.reply(result.text);
      return end();
    case 'need_registration_number':
      // "nik nya 6371…, kada punya kode verifikasi": said already that there is no code; not asked for it.
      if (ctx.input.mentions.includes(RECEIPT_LOST)) {
        ctx.say('check.no_receipt', { office: ctx.profile.office.shortName });
        return end();
      }
      ctx.say('check.ask_registration');
      return stay({ step: 'registration', pending: result.pending, tries });
    case 'neutral':
      ctx.say('check.neutral', { office: ctx.profile.office.shortName });
      return end();
    case 'paused':
      ctx.say('check.paused', { time: ctx.services.schedule.formatDateTime(result.until) });
      return end();
    case 'daily_limit':
      ctx.say('check.daily_limit');
      return end();
  }
}

async function tryNik(ctx: FlowContext, tries: number): Promise<FlowOutcome<State>> {
  if (looksLikeKkNumber(ctx)) {
    ctx.say('check.kk_not_nik');
    return stay({ step: 'nik', tries: tries + 1 });
  }
  const found = ctx.services.identity.findNik(ctx.input.raw);
  if (found.kind === 'valid') {
    // "nik 6172… kode VT4K-9PQA": the code given with the NIK is the proof; nobody is asked for it again.
    const proof = findRegistrationNumber(ctx.input.raw) ? ctx.input.raw.replace(LONG_NUMBER, ' ') : undefined;
    return answer(ctx, await ctx.services.applications.check({ chat: ctx.chat, nik: found.nik, proof, now: ctx.now }), proof ? 1 : 0);
  }
  if (tries + 1 >= MAX_TRIES) {
    ctx.say('check.give_up');
    return end();
  }
  ctx.reply(found.kind === 'invalid' ? `${found.message}\n\n${ctx.t('check.ask_nik_again')}` : ctx.t('check.ask_nik'));
  return stay({ step: 'nik', tries: tries + 1 });
}

export const eligibilityFlow: Flow<State> = {
  id: 'eligibility',
  intents: ['check'],
  menu: { order: 3, label: 'menu.item_check' },
  kind: 'dialogue',
  freeText: (state) => state.step === 'registration',
  version: 1,
  // A NIK at the NIK step, or a code or "no code" at the code step, is the answer, whatever else the words read as
  // ("ini nik sy 6402…, tp sy ga punya kode verifikasi" read as a complaint).
  answersStep(ctx, state) {
    if (state.step === 'nik') return ctx.services.identity.findNik(ctx.input.raw).kind !== 'none';
    return findRegistrationNumber(ctx.input.raw) !== undefined || ctx.input.mentions.includes(RECEIPT_LOST);
  },
  explain(ctx, state) {
    ctx.say(state.step === 'nik' ? 'check.explain_nik' : 'check.explain_registration');
    return true;
  },
  async start(ctx) {
    if (ctx.services.identity.findNik(ctx.input.raw).kind !== 'none') return tryNik(ctx, 0);
    ctx.say('check.ask_nik');
    return stay({ step: 'nik', tries: 0 });
  },
  async handle(ctx, state) {
    if (state.step === 'nik') return tryNik(ctx, state.tries);
    const registrationNumber = findRegistrationNumber(ctx.input.raw);
    // A NIK instead of the receipt number: the person starts a check of that NIK.
    if (!registrationNumber && ctx.services.identity.findNik(ctx.input.raw).kind === 'valid') return tryNik(ctx, 0);
    if (!registrationNumber) {
      // "kertasnya hilang", "lupa nomornya": no use asking again; say where else to go.
      if (ctx.input.mentions.includes(RECEIPT_LOST)) {
        ctx.say('check.no_receipt', { office: ctx.profile.office.shortName });
        return end();
      }
      // A question or a story instead of a number ("jadi saya harus ke kantor?", a complaint):
      // understood as itself, not asked for the number again. A plain "tidak" ends the check.
      if ((ctx.input.intent && ctx.input.intent !== 'check') || ctx.input.words.length > 6) return reroute();
      if (ctx.input.command === 'no') {
        ctx.say('check.no_receipt', { office: ctx.profile.office.shortName });
        return end();
      }
      if (state.tries + 1 >= MAX_TRIES) {
        ctx.say('check.give_up');
        return end();
      }
      ctx.say('check.ask_registration');
      return stay({ ...state, tries: state.tries + 1 });
    }
    // The whole reply, so "no reg BJM/2026/00123 kode K7QX-M2PA" finds the code wherever it is.
    const result = await ctx.services.applications.check({ chat: ctx.chat, nik: state.pending, proof: ctx.input.raw.replace(LONG_NUMBER, ' '), now: ctx.now });
    return answer(ctx, result, state.tries + 1);
  },
};
