/**
 * How our complaint topics map onto SP4N-LAPOR!'s report form, so an officer can forward a
 * ticket there without re-deciding its classification. LAPOR! asks for a classification
 * (pengaduan / aspirasi / permintaan informasi) and a category; the category names below
 * follow the portal's list as we know it and should be checked against lapor.go.id when it
 * changes its list.
 */
import type { ComplaintTopic } from '../conversation/services';

export interface LaporClassification {
  classification: 'pengaduan' | 'aspirasi' | 'permintaan_informasi';
  category: string;
}

export const LAPOR_CLASSIFICATION: Record<ComplaintTopic, LaporClassification> = {
  loket: { classification: 'pengaduan', category: 'Pelayanan Publik' },
  kepesertaan: { classification: 'pengaduan', category: 'Kesehatan' },
  petugas: { classification: 'pengaduan', category: 'Pelayanan Publik' },
  bansos_lain: { classification: 'pengaduan', category: 'Sosial dan Kesejahteraan' },
  lainnya: { classification: 'pengaduan', category: 'Lainnya' },
};
