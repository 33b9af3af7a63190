/**
 * Authorisation for the staff JSON API: `Authorization: Bearer <ADMIN_API_TOKEN>` for machines
 * (acting as admin). Staff sessions from the dashboard plug in through `sessionUser`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from './errors';
import { sameSecret } from './same-secret';

export const ROLES = ['admin', 'staff', 'officer', 'verifier', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: string;
  name: string;
  roles: Role[];
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

export interface ApiAuthOptions {
  apiToken?: string;
  /** Resolves a signed-in dashboard user from the request, if any. */
  sessionUser?: (req: Request) => Promise<Actor | null>;
}

/** Admins may do everything; otherwise the actor needs one of the roles. */
export function requireRole(options: ApiAuthOptions, ...roles: Role[]): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    let actor: Actor | null = null;
    if (header.startsWith('Bearer ')) {
      if (!options.apiToken || !sameSecret(header.slice(7).trim(), options.apiToken)) throw new AppError('unauthorized', 'invalid API token', 401);
      actor = { id: 'api-token', name: 'API token', roles: ['admin'] };
    } else if (options.sessionUser) {
      actor = await options.sessionUser(req);
    }
    if (!actor) throw new AppError('unauthorized', 'sign in or send Authorization: Bearer <token>', 401);
    if (!actor.roles.includes('admin') && !roles.some((r) => actor.roles.includes(r))) {
      throw new AppError('forbidden', `requires role ${roles.join(' or ')}`, 403);
    }
    req.actor = actor;
    next();
  };
}
