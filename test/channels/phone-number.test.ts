import { isLid, samePhone, toE164, toWhatsAppId } from '../../src/channels/phone-number';

describe('toE164', () => {
  it.each([
    '+62 812-3456-7890',
    '0812 3456 7890',
    '081234567890',
    '6281234567890',
    '62 812 3456 7890',
    '(0812) 3456-7890',
    '+62 (0) 812 3456 7890',
    '6281234567890@c.us',
    '6281234567890@s.whatsapp.net',
    '6281234567890:12@s.whatsapp.net',
  ])('when the input is %j, then it is +6281234567890', (input) => {
    expect(toE164(input)).toBe('+6281234567890');
  });

  it('when the bare 62… form is read, then it is not taken as a national number starting 62', () => {
    expect(toE164('6281234567890')).not.toBe('+626281234567890');
  });

  it('when the input is a landline with its area code, then it is accepted', () => {
    expect(toE164('(021) 500-000')).toBe('+6221500000');
  });

  it('when the input is a foreign number in international form, then it is kept', () => {
    expect(toE164('+60 12-345 6789')).toBe('+60123456789');
  });

  it.each([
    ['85291234567@c.us', '+85291234567'], // Hong Kong: a migrant worker's number
    ['60123456789@c.us', '+60123456789'], // Malaysia
    ['886912345678@c.us', '+886912345678'], // Taiwan
  ])('when a WhatsApp id %j carries a foreign country code, then it keeps it (%s), never becoming +62', (id, e164) => {
    expect(toE164(id)).toBe(e164);
  });

  it.each([
    ['81234567890123@lid', 'an opaque LID, even though it is all digits'],
    ['120363025246125486@g.us', 'a group id'],
    ['status@broadcast', 'the status broadcast id'],
    ['0812', 'too short'],
    ['+62 99 1234 5678', 'an impossible Indonesian prefix'],
    ['halo kak', 'not a number'],
    ['', 'empty'],
  ])('when the input is %j (%s), then there is no phone number', (input) => {
    expect(toE164(input)).toBeNull();
  });
});

describe('samePhone', () => {
  it('when two spellings name the same number, then they are the same phone', () => {
    expect(samePhone('0812-3456-7890', '6281234567890@c.us')).toBe(true);
    expect(samePhone('+62 812 3456 7890', '6281234567890')).toBe(true);
  });

  it('when the numbers differ, then they are not the same phone', () => {
    expect(samePhone('081234567890', '081234567891')).toBe(false);
  });

  it('when either side is a LID or invalid, then they are not the same phone (compare chat ids directly instead)', () => {
    expect(samePhone('81234567890123@lid', '81234567890123@lid')).toBe(false);
    expect(samePhone('0812', '0812')).toBe(false);
  });
});

describe('WhatsApp ids', () => {
  it('when given an E.164 number, then the whatsapp-web.js chat id drops the plus and adds @c.us', () => {
    expect(toWhatsAppId('+6281234567890')).toBe('6281234567890@c.us');
  });

  it('when given something that is not E.164, then it throws without echoing the number', () => {
    expect(() => toWhatsAppId('081234567890')).toThrow(RangeError);
    expect(() => toWhatsAppId('081234567890')).not.toThrow(/081234567890/);
  });

  it('when an id ends in @lid, then it is recognised as opaque', () => {
    expect(isLid('81234567890123@lid')).toBe(true);
    expect(isLid('6281234567890@c.us')).toBe(false);
  });

  it('when a number round-trips through the chat id, then it is unchanged', () => {
    expect(toE164(toWhatsAppId('+6281234567890'))).toBe('+6281234567890');
  });
});
