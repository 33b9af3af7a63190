/**
 * Answers that can carry personal data (the staff API: chats, tickets, applications, exports;
 * the simulator's chats) are never kept by a browser or a proxy cache: `Cache-Control: no-store`
 * on every response under these paths, errors included. The dashboard sets it per page.
 */
import type { RequestHandler } from 'express';

export const PERSONAL_DATA_PATHS = ['/api', '/simulator'];

export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
