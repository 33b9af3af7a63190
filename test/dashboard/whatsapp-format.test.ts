/**
 * WhatsApp formatting in the staff chat: escaped first, formatted after, so an applicant's
 * text can add <b>, <i>, <s> and <code> and nothing else.
 */
import { whatsappText } from '../../src/dashboard/whatsapp-format';

test.each([
  ['Ini *penting* sekali', 'Ini <b>penting</b> sekali'],
  ['_tolong_ dibantu', '<i>tolong</i> dibantu'],
  ['~batal~ jadi', '<s>batal</s> jadi'],
  ['kode ```A-12```', 'kode <code>A-12</code>'],
  ['nama_file_baru.pdf dan 2*3*4', 'nama_file_baru.pdf dan 2*3*4'],
  ['* bukan tebal *', '* bukan tebal *'],
])('"%s" is shown as %s', (text, shown) => {
  expect(String(whatsappText(text))).toBe(shown);
});

test('markup inside the markers stays text', () => {
  expect(String(whatsappText('*<img src=x onerror=alert(1)>* & "kutip"'))).toBe('<b>&lt;img src=x onerror=alert(1)&gt;</b> &amp; &quot;kutip&quot;');
  expect(String(whatsappText('_<script>alert(1)</script>_'))).toBe('<i>&lt;script&gt;alert(1)&lt;/script&gt;</i>');
});
