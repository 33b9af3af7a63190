/**
 * How a reply looks on the Cloud API. The flows write plain text; inside the window this adapter
 * adds WhatsApp's own controls where the text already offers them, keeping the text itself
 * unchanged as the body (the numbered-text fallback: typing "2" or "ya" still works):
 * - a menu of choices ("*1.* Persyaratan" lines, 2–10 of them, numbered from 1) → an interactive
 *   list whose rows answer `t:<number>`. Only bold numbers are choices: the flows number the items
 *   of an answer ("1. Berdomisili di …", the requirements, the procedure steps) in plain digits,
 *   and such a list is read, not chosen from (a tapped row would answer a menu number);
 * - a yes/no question ("Balas *ya* atau *tidak*") → two reply buttons answering `t:ya` / `t:tidak`.
 * Anything else, or a text over Meta's limits for these, goes as plain text (plainText), and so does
 * a list or buttons Meta refuses (cloud-sender.ts sends the text again without them).
 */
/**
 * The body of an interactive message: 1,024 characters in WhatsApp's own SDK reference and in the
 * client libraries. Kept to that figure, so a long answer (the procedure runs past 1,400) goes as
 * text instead of being refused for its controls.
 */
const INTERACTIVE_BODY_MAX = 1024;
const ROW_TITLE_MAX = 24;
const ROW_DESCRIPTION_MAX = 72;
const MENU_LINE = /^\*(\d{1,2})\.\*\s+(.+)$/;
const YES_NO = /balas \*?ya\*? atau \*?tidak\*?/i;

export function present(text: string): Record<string, unknown> {
  const rows = menuRows(text);
  if (rows && text.length <= INTERACTIVE_BODY_MAX) {
    return {
      type: 'interactive',
      interactive: { type: 'list', body: { text }, action: { button: 'Pilih menu', sections: [{ title: 'Pilihan', rows }] } },
    };
  }
  if (YES_NO.test(text) && text.length <= INTERACTIVE_BODY_MAX) {
    return {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text },
        action: { buttons: [{ type: 'reply', reply: { id: 't:ya', title: 'Ya' } }, { type: 'reply', reply: { id: 't:tidak', title: 'Tidak' } }] },
      },
    };
  }
  return plainText(text);
}

/** The message as plain text: what the person reads is the same, the numbers are typed. */
export function plainText(text: string): Record<string, unknown> {
  return { type: 'text', text: { body: text, preview_url: false } };
}

/** The text a person reads in a message built by present() (its body). */
export function bodyTextOf(message: Record<string, any>): string | undefined {
  return message.text?.body ?? message.interactive?.body?.text;
}

function menuRows(text: string): { id: string; title: string; description?: string }[] | null {
  const items = text
    .split('\n')
    .map((line) => MENU_LINE.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ n: Number(m[1]), label: plain(m[2]) }));
  if (items.length < 2 || items.length > 10 || items.some((item, i) => item.n !== i + 1)) return null;
  return items.map(({ n, label }) => {
    const title = fit(`${n}. ${label}`, ROW_TITLE_MAX);
    return { id: `t:${n}`, title, ...(title === `${n}. ${label}` ? {} : { description: fit(label, ROW_DESCRIPTION_MAX) }) };
  });
}

/** WhatsApp's *bold* and _italic_ markers do not render in list rows. */
const plain = (s: string) => s.replace(/[*_~]/g, '').trim();

/** Cut at a word boundary with an ellipsis when too long. */
function fit(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
