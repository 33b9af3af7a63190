/**
 * WhatsApp's own text formatting (*bold*, _italic_, ~strike~, ```monospace```) shown as the
 * applicant sees it. The text is escaped first and the markers are turned into tags after,
 * so a message can only ever add these four tags, never markup of its own.
 */
import { escapeHtml, SafeHtml } from './html';

// As WhatsApp does: a marker pair encloses text on one line, starts and ends next to a
// non-space character, and stands at a word boundary (so snake_case_names stay as they are).
const STYLES: [RegExp, string][] = [
  // escapeHtml turns ` into &#96;: the monospace marker is three of those.
  [/(?:&#96;){3}([^\n]+?)(?:&#96;){3}/g, '<code>$1</code>'],
  [/(^|[\s(])\*(\S(?:[^*\n]*?\S)?)\*(?=$|[\s).,!?:;])/gm, '$1<b>$2</b>'],
  [/(^|[\s(])_(\S(?:[^_\n]*?\S)?)_(?=$|[\s).,!?:;])/gm, '$1<i>$2</i>'],
  [/(^|[\s(])~(\S(?:[^~\n]*?\S)?)~(?=$|[\s).,!?:;])/gm, '$1<s>$2</s>'],
];

export function whatsappText(text: string): SafeHtml {
  let out = escapeHtml(text);
  for (const [pattern, tag] of STYLES) out = out.replace(pattern, tag);
  return new SafeHtml(out);
}
