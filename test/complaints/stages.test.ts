/**
 * The ticket's stage rules and the words for them, as pure functions and data: which moves are
 * allowed, that every stage and topic has its Indonesian text and LAPOR! classification.
 */
import path from 'node:path';
import { LAPOR_CLASSIFICATION } from '../../src/complaints/lapor';
import { allowedNext, STAGES } from '../../src/complaints/ticket';
import { loadCatalogue } from '../../src/conversation/catalogue';
import { COMPLAINT_TOPICS } from '../../src/conversation/services';

const answered = new Date('2026-11-24T03:00:00Z');

describe('stage rules', () => {
  test.each([
    ['baru', null, ['cek_administrasi', 'koordinasi', 'menunggu_pelapor', 'ditutup']],
    ['koordinasi', null, ['cek_administrasi', 'menunggu_pelapor', 'ditutup']],
    ['menunggu_pelapor', null, ['cek_administrasi', 'koordinasi', 'ditutup']],
    ['menunggu_pelapor', answered, ['cek_administrasi', 'koordinasi', 'ditanggapi', 'ditutup']],
    ['ditanggapi', answered, ['koordinasi', 'menunggu_pelapor', 'selesai', 'ditutup']],
    ['selesai', answered, []],
    ['ditutup', null, []],
  ] as const)('when a ticket is %s (responded: %s), then it may move to %j', (stage, respondedAt, expected) => {
    expect(allowedNext({ stage, respondedAt })).toEqual(expected);
  });

  test('when no response was sent, then no stage leads to ditanggapi or selesai', () => {
    for (const stage of STAGES) {
      expect(allowedNext({ stage, respondedAt: null })).not.toContain('ditanggapi');
      if (stage !== 'ditanggapi') expect(allowedNext({ stage, respondedAt: null })).not.toContain('selesai');
    }
  });
});

describe('words and classifications', () => {
  const catalogue = loadCatalogue(path.resolve(__dirname, '../../flows'), {}, 'none');

  test('when a stage is shown to a complainant, then the catalogue has its Indonesian text', () => {
    expect(STAGES.filter((s) => !catalogue.has(`complaint_status.stage_${s}`))).toEqual([]);
  });

  test('when a ticket is forwarded to SP4N-LAPOR!, then every topic has a classification and category', () => {
    for (const topic of COMPLAINT_TOPICS) {
      expect(LAPOR_CLASSIFICATION[topic]).toMatchObject({ classification: 'pengaduan', category: expect.any(String) });
    }
  });
});
