/** Who is calling: the staff member behind the bearer token, and route guards by role. */
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Role, StaffMember } from '../shared/domain';
import { HttpError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every route but health. */
    staff: StaffMember | null;
  }
}

/** The authenticated staff member (the onRequest hook has run). */
export function staffOf(req: FastifyRequest): StaffMember {
  if (!req.staff) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <token>');
  return req.staff;
}

/** A route hook refusing other roles before the body is read. */
export function onlyRoles(...roles: Role[]): onRequestHookHandler {
  return async (req) => {
    const staff = staffOf(req);
    if (!roles.includes(staff.role)) throw new HttpError(403, 'forbidden', `this endpoint is for ${roles.join(' or ')} accounts, not ${staff.role}`);
  };
}
