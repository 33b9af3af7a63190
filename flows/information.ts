/**
 * Informasi layanan: fee, product, legal basis, office address, hours, contacts and the
 * complaint channels (including SP4N-LAPOR!), all from the office profile.
 */
import { end, type Flow, type FlowContext } from '../src/conversation/flow-types';
import { numbered, section } from './format';

export const DAY_NAMES: Record<string, string> = {
  mon: 'Senin', tue: 'Selasa', wed: 'Rabu', thu: 'Kamis', fri: 'Jumat', sat: 'Sabtu', sun: 'Minggu',
};

export function hoursText(ctx: FlowContext): string {
  const { hours, timeZone } = ctx.profile.office;
  const zone = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' }[timeZone];
  const lines = Object.entries(hours.weekly).map(
    ([day, span]) => `• ${DAY_NAMES[day]}: ${span!.open.replace(':', '.')}–${span!.close.replace(':', '.')} ${zone}`,
  );
  if (hours.source === 'default') lines.push(`_${ctx.t('information.hours_default')}_`);
  return lines.join('\n');
}

export function complaintChannelsText(ctx: FlowContext): string {
  return ctx.profile.complaints.channels.map((c) => `• ${c.label}${c.value ? `: ${c.value}` : ''}`).join('\n');
}

export function contactsText(ctx: FlowContext): string {
  const o = ctx.profile.office;
  const rows: [string, string | undefined][] = [
    ['information.address', o.address],
    ['information.phone', o.phone],
    ['information.whatsapp', o.whatsapp],
    ['information.email', o.email],
    ['information.website', o.website],
    ['information.instagram', o.instagram],
  ];
  return rows.filter(([, v]) => v).map(([k, v]) => `• ${ctx.t(k)}: ${v}`).join('\n');
}

export const informationFlow: Flow = {
  id: 'information',
  version: 1,
  intents: ['information'],
  menu: { order: 8, label: 'menu.item_information' },
  kind: 'answer',
  start(ctx) {
    const p = ctx.profile.programme;
    const parts = [
      ctx.t('information.header', { office: ctx.profile.office.name }),
      section(ctx.t('information.programme'), `${p.name}${p.decree ? `\n${ctx.t('information.decree', { decree: p.decree })}` : ''}`),
      section(ctx.t('information.fee'), p.fee),
      section(ctx.t('information.product'), p.products.map((x) => `• ${x}`).join('\n')),
    ];
    if (p.legalBasis.length) parts.push(section(ctx.t('information.legal_basis'), numbered(p.legalBasis)));
    parts.push(section(ctx.t('information.hours'), hoursText(ctx)));
    parts.push(section(ctx.t('information.contacts'), contactsText(ctx)));
    parts.push(section(ctx.t('information.complaint_channels'), complaintChannelsText(ctx)));
    ctx.reply(parts.join('\n\n'));
    return end();
  },
  handle: () => end(),
};
