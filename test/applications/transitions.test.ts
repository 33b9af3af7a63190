/**
 * The status transition table against every office's subset of statuses, the details each
 * status takes, and the CSV row mapping (pure functions, no database).
 */
import path from 'node:path';
import { listAgencyIds, loadAgencyProfile } from '../../src/agency/load-profile';
import { STATUS_CODES, type StatusCode } from '../../src/agency/profile-schema';
import { columnOf, rowToBody } from '../../src/applications/csv-columns';
import { canTransition, detailProblems, transitionProblem, TRANSITIONS } from '../../src/applications/transitions';

const FLOWS_DIR = path.join(__dirname, '..', '..', 'flows');

describe.each(listAgencyIds(FLOWS_DIR))('office %s', (id) => {
  const profile = loadAgencyProfile(FLOWS_DIR, id);
  const used = Object.keys(profile.statuses) as StatusCode[];

  test('when only its own statuses are used, then every one of them can be reached from diterima', () => {
    const reached = new Set<StatusCode>(['diterima']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const from of [...reached]) {
        for (const to of TRANSITIONS[from]) {
          if (used.includes(to) && !reached.has(to)) {
            reached.add(to);
            grew = true;
          }
        }
      }
    }
    expect([...reached].sort()).toEqual([...used].sort());
  });
});

describe('the transition table', () => {
  test('when a status is final (ditolak), then nothing follows it; nothing leads back to diterima except completed documents', () => {
    expect(TRANSITIONS.ditolak).toEqual([]);
    const intoDiterima = STATUS_CODES.filter((s) => canTransition(s, 'diterima'));
    expect(intoDiterima).toEqual(['berkas_tidak_lengkap']);
  });

  test('when a status is set to itself, then it is refused with a clear reason', () => {
    const profile = loadAgencyProfile(FLOWS_DIR, 'banjarmasin');
    expect(transitionProblem(profile, 'layak', 'layak')).toBe('the application already has status layak');
    expect(transitionProblem(profile, 'aktif', 'nonaktif')).toBeNull();
  });

  test.each<[StatusCode, Record<string, unknown>, string[]]>([
    ['tidak_layak', {}, ['reason']],
    ['daftar_tunggu', { quotaPeriod: 'Des 2026' }, ['waitingListPosition']],
    ['diusulkan', {}, ['funding']],
    ['nonaktif', {}, ['deactivationReason']],
    ['diterima', { reason: 'x', bpjsActivationDate: '2026-12-01' }, ['reason', 'bpjsActivationDate']],
    ['aktif', { funding: 'APBN', proposalBatchDate: '2026-11-01', bpjsActivationDate: '2026-12-01' }, []],
  ])('when status %s comes with %j, then the problems name %j', (status, details, fields) => {
    expect(detailProblems(status, details).map((p) => p.field)).toEqual(fields);
  });
});

describe('CSV rows', () => {
  test('when a row uses spreadsheet habits (DD/MM/YYYY, a leading quote, capitalised status), then it maps to the API body', () => {
    const { body, problems } = rowToBody({
      registration_number: 'bjm-1',
      nik: "'6371014609970001",
      date_of_birth: '6/9/1997',
      status: 'Berkas Tidak Lengkap',
      phones: '0813 7700 0001 | 6281377000002',
      funding: 'apbd',
    });
    expect(problems).toEqual([]);
    expect(body).toMatchObject({ nik: '6371014609970001', dateOfBirth: '1997-09-06', status: 'berkas_tidak_lengkap', phones: ['0813 7700 0001', '6281377000002'], funding: 'APBD' });
  });

  test('when an API field path is reported, then the CSV column is named', () => {
    expect(['visit.timeWindow', 'phones.1', 'address.kecamatan', 'kkNumber'].map(columnOf)).toEqual(['visit_time_window', 'phones', 'kecamatan', 'kk_number']);
  });
});
