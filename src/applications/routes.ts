/**
 * The staff JSON API for applications under /api/v1 (thin: parse with zod, call the use case,
 * answer). Every route checks its own role, because other features mount routers on the same
 * prefix and a router-wide guard would stand in front of theirs too.
 */
import express, { Router, type Request } from 'express';
import type { z } from 'zod';
import type { AgencyProfile } from '../agency/profile-schema';
import { requireRole, type ApiAuthOptions } from '../http/api-auth';
import { AppError, zodToAppError } from '../http/errors';
import type { AuditLog } from '../staff/audit-log';
import type { ApplicationRepository } from './application-repository';
import {
  createApplicationSchema,
  exportQuerySchema,
  getQuerySchema,
  importJsonBodySchema,
  importQuerySchema,
  searchQuerySchema,
  statusChangeSchema,
  visitSchema,
} from './application-schemas';
import type { Actor } from './application-types';
import { exportCsv } from './csv-export';
import type { createCsvImport } from './csv-import';
import { openApiDocument } from './openapi';
import type { PiiCipher } from './pii-crypto';
import type { RecordsService } from './records-service';

export interface RouteDeps {
  auth: ApiAuthOptions;
  profile: AgencyProfile;
  records: RecordsService;
  importCsv: ReturnType<typeof createCsvImport>;
  repository: ApplicationRepository;
  cipher: PiiCipher;
  audit: AuditLog;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query'): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw zodToAppError(parsed.error, where);
  return parsed.data;
}

const actorOf = (req: Request): Actor => ({ id: req.actor!.id, name: req.actor!.name });
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv'];

export function applicationRoutes(deps: RouteDeps): Router {
  const router = Router();
  const staff = requireRole(deps.auth, 'verifier');
  let openApi: unknown;

  router.get('/openapi.json', (_req, res) => {
    openApi ??= openApiDocument(deps.profile);
    res.json(openApi);
  });

  router.post('/applications/import', staff, express.text({ type: CSV_TYPES, limit: '10mb' }), async (req, res) => {
    const options = parse(importQuerySchema, req.query, 'query');
    let csv: string;
    if (typeof req.body === 'string') csv = req.body;
    else if (req.is('application/json')) csv = parse(importJsonBodySchema, req.body, 'body').csv;
    else throw new AppError('unsupported_media_type', 'send the CSV as Content-Type: text/csv, or as JSON {"csv": "..."}', 415);
    res.json(await deps.importCsv(csv, options, actorOf(req)));
  });

  router.get('/applications/export.csv', staff, async (req, res) => {
    const { reveal } = parse(exportQuerySchema, req.query, 'query');
    const apps = await deps.repository.all();
    await deps.audit.record(actorOf(req), 'application.export', 'applications', { count: apps.length, revealed: reveal });
    res
      .type('text/csv; charset=utf-8')
      .attachment(`applications-${deps.profile.id}.csv`)
      .send(exportCsv(apps, deps.cipher, deps.profile, reveal));
  });

  router.get('/applications', staff, async (req, res) => {
    const query = parse(searchQuerySchema, req.query, 'query');
    res.json({ applications: await deps.records.search(query, actorOf(req)) });
  });

  router.post('/applications', staff, async (req, res) => {
    const body = parse(createApplicationSchema, req.body, 'body');
    res.status(201).json(await deps.records.create(body, actorOf(req)));
  });

  router.get('/applications/:id', staff, async (req, res) => {
    const { reveal } = parse(getQuerySchema, req.query, 'query');
    res.json(await deps.records.get(String(req.params.id), reveal, actorOf(req)));
  });

  router.patch('/applications/:id/status', staff, async (req, res) => {
    const body = parse(statusChangeSchema, req.body, 'body');
    res.json(await deps.records.changeStatus(String(req.params.id), body, actorOf(req)));
  });

  router.put('/applications/:id/visit', staff, async (req, res) => {
    const body = parse(visitSchema, req.body, 'body');
    res.json(await deps.records.scheduleVisit(String(req.params.id), body, actorOf(req)));
  });

  return router;
}
