/** The fastify application: bearer-token authentication, role checks, errors as `{error, message}`. */
import fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { routes } from '../shared/sync/protocol';
import type { Db } from './db/db';
import './auth';
import { HttpError } from './errors';
import { addBoundedJsonParser } from './json-body';
import { serverOptions, type RequestLimits } from './request-limits';
import { registerRoutes, type RouteContext } from './routes';
import { staffByToken } from './staff';

/** Bodies of JSON endpoints other than push and ingest are small. */
const DEFAULT_BODY_LIMIT = 1024 * 1024;

export function buildApp(db: Db, ctx: Omit<RouteContext, 'db'>, limits: RequestLimits): FastifyInstance {
  const app = fastify({ logger: false, bodyLimit: DEFAULT_BODY_LIMIT, ...serverOptions(limits) });
  app.decorateRequest('staff', null);
  addBoundedJsonParser(app, limits);

  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.url === routes.health) return;
    const header = req.headers.authorization;
    const token = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (!token) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <token>');
    const check = await staffByToken(db, token);
    if (!check) throw new HttpError(401, 'unauthorized', 'the bearer token is not valid');
    if ('refused' in check) {
      const when = new Date(check.at).toISOString();
      throw check.refused === 'expired'
        ? new HttpError(401, 'token_expired', `the bearer token expired at ${when}: ask an administrator for a new one`)
        : new HttpError(401, 'token_revoked', `the bearer token was revoked at ${when}: ask an administrator for a new one`);
    }
    req.staff = check.staff;
  });

  app.setErrorHandler((err: FastifyError | HttpError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof HttpError) {
      // The rest of a refused body is not worth reading: the connection closes after the answer.
      if (err.status === 413 || err.status === 503 || err.code === 'too_deep') reply.header('connection', 'close');
      return reply.code(err.status).send({ error: err.code, message: err.message });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: 'too_large', message: 'the body is larger than this endpoint takes' });
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send({ error: 'unsupported_media_type', message: `this endpoint does not take Content-Type ${req.headers['content-type'] ?? '(none)'}` });
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return reply.code(err.statusCode).send({ error: 'invalid', message: err.message });
    console.error('case service: internal error', err);
    return reply.code(500).send({ error: 'internal', message: 'internal error in the case service' });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: 'not_found', message: `no endpoint ${req.method} ${req.url.split('?')[0]}` }));

  registerRoutes(app, { db, ...ctx });
  return app;
}
