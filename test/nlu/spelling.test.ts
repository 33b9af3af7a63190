/**
 * Vowel-dropped chat words ("bka", "kntornya") read as the known word they were typed from;
 * known words are never changed and an unclear reading is left alone.
 */
import { Spelling } from '../../src/understanding/spelling';

describe('reading words typed without their vowels', () => {
  const spelling = new Spelling(['buka', 'buka', 'bukan', 'baku', 'bak', 'kantor', 'stop', 'setiap'], new Map([['makasih', ['terima', 'kasih']]]));

  test('when a word is typed without vowels, then it is read as the one known word with those consonants', () => {
    expect(spelling.repair(['bka', 'kntor', 'kntornya', 'bkn'])).toEqual(['buka', 'kantor', 'kantornya', 'bukan']);
  });

  test('when a word is known, then it is never changed into another known word', () => {
    expect(spelling.repair(['bak', 'baku', 'bukan', 'buka'])).toEqual(['bak', 'baku', 'bukan', 'buka']);
  });

  test('when two known words fit about equally ("stp": stop or setiap), then the word is left as typed', () => {
    expect(spelling.repair(['stp'])).toEqual(['stp']);
  });

  test('when the word meant is a chat spelling, then its standard words are given', () => {
    expect(spelling.repair(['mksih'])).toEqual(['terima', 'kasih']);
  });
});
