/**
 * The OpenAPI 3.1 document of the applications API, generated from the same zod schemas the
 * routes validate with (input side: what a client sends), so the two cannot drift apart.
 */
import { z } from 'zod';
import type { AgencyProfile } from '../agency/profile-schema';
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
import { IMPORT_COLUMNS, REQUIRED_COLUMNS } from './csv-columns';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

const schemaOf = (schema: z.ZodType): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

function queryParameters(schema: z.ZodType) {
  const json = schemaOf(schema);
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: { ...s, description: undefined },
    description: s.description,
  }));
}

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const error = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const errors = { 400: error, 401: error, 403: error };
const json = (ref: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });

export function openApiDocument(profile: AgencyProfile) {
  return {
    openapi: '3.1.0',
    info: {
      title: `${profile.office.shortName}: applications API`,
      version: '1',
      description: 'Application records, status changes, home visits, CSV import/export. NIK, KK and phone numbers are masked unless revealed; every reveal and every change is audited.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths: {
      '/applications': {
        get: { summary: 'Search by registration number, name or exact NIK', parameters: queryParameters(searchQuerySchema), responses: { 200: ok('Matching applications (masked)'), ...errors } },
        post: {
          summary: 'Register an application',
          requestBody: { required: true, ...json('CreateApplication') },
          responses: { 201: ok('{ id, warnings, receipt: { registrationNumber, verificationCode, text } }: print the receipt text for the applicant'), 409: error, ...errors },
        },
      },
      '/applications/{id}': {
        get: { summary: 'One application', parameters: [idParameter, ...queryParameters(getQuerySchema)], responses: { 200: ok('The application'), 404: error, ...errors } },
      },
      '/applications/{id}/status': {
        patch: {
          summary: 'Change the status (validated transition); notifies the applicant',
          parameters: [idParameter],
          requestBody: { required: true, ...json('StatusChange') },
          responses: { 200: ok('The application'), 404: error, 409: error, ...errors },
        },
      },
      '/applications/{id}/visit': {
        put: {
          summary: 'Schedule the home visit; notifies the applicant, reminder the day before',
          parameters: [idParameter],
          requestBody: { required: true, ...json('Visit') },
          responses: { 200: ok('The application'), 404: error, 409: error, ...errors },
        },
      },
      '/applications/import': {
        post: {
          summary: 'Import a CSV (upsert by registration number)',
          description: `Columns: ${IMPORT_COLUMNS.join(', ')}. Required: ${REQUIRED_COLUMNS.join(', ')}. Body: text/csv, or JSON {csv}.`,
          parameters: queryParameters(importQuerySchema),
          requestBody: {
            required: true,
            content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { $ref: '#/components/schemas/ImportJson' } } },
          },
          responses: { 200: ok('Report: counts, errors by line and column, warnings'), ...errors },
        },
      },
      '/applications/export.csv': {
        get: { summary: 'Export as CSV (import layout)', parameters: queryParameters(exportQuerySchema), responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, ...errors } },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        CreateApplication: schemaOf(createApplicationSchema),
        StatusChange: schemaOf(statusChangeSchema),
        Visit: schemaOf(visitSchema),
        ImportJson: schemaOf(importJsonBodySchema),
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } } },
            },
          },
        },
      },
    },
  };
}
