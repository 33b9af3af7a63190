/**
 * http — the express app factory (health, readiness, body limits, request logs), the one
 * application error and its middleware, and API authorisation by role.
 */
export { createHttpApp, type ReadinessCheck } from './app';
export { AppError, errorMiddleware } from './errors';
export { requireRole, ROLES, type Role, type Actor } from './api-auth';
