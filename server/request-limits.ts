/**
 * How long and how much one client may take of the service. Node's defaults let a client
 * dripping header bytes hold a connection for a minute (and the check runs only every 30 s);
 * these close it in seconds, bound a whole request, and cap the body bytes held at once.
 */
import type { FastifyServerOptions } from 'fastify';
import { MAX_JSON_DEPTH, type BodyBounds } from './json-body';

export interface RequestLimits extends BodyBounds {
  /** All headers must arrive within this (Node `headersTimeout`); else the connection is closed. */
  headersTimeoutMs: number;
  /** A whole request, body included, must arrive within this (Node `requestTimeout`); else 408. */
  requestTimeoutMs: number;
  /** A connection silent this long is closed (fastify `connectionTimeout`, the socket timeout). */
  idleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (fastify's default, 72 s). */
  keepAliveTimeoutMs: number;
  /** Requests served on one connection before it is closed. */
  maxRequestsPerSocket: number;
  /** How often Node checks the header and request timeouts. */
  timeoutCheckMs: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  headersTimeoutMs: 10_000,
  // A full push (≤ 16 MiB) or ingest page (≤ 32 MiB) over a slow office link of ~2 Mbit/s.
  requestTimeoutMs: 120_000,
  idleTimeoutMs: 30_000,
  keepAliveTimeoutMs: 72_000,
  maxRequestsPerSocket: 10_000,
  timeoutCheckMs: 1_000,
  maxDepth: MAX_JSON_DEPTH,
  // Four full ingest pages, or eight full pushes, read at once.
  maxBufferedBytes: 128 * 1024 * 1024,
};

export function requestLimits(given: Partial<RequestLimits> = {}): RequestLimits {
  return { ...DEFAULT_REQUEST_LIMITS, ...given };
}

/** The fastify (and Node http) server options that enforce the timeouts. */
export function serverOptions(l: RequestLimits): Pick<FastifyServerOptions, 'connectionTimeout' | 'keepAliveTimeout' | 'requestTimeout' | 'maxRequestsPerSocket'> & { http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } } {
  return {
    connectionTimeout: l.idleTimeoutMs,
    keepAliveTimeout: l.keepAliveTimeoutMs,
    requestTimeout: l.requestTimeoutMs,
    maxRequestsPerSocket: l.maxRequestsPerSocket,
    http: { headersTimeout: l.headersTimeoutMs, requestTimeout: l.requestTimeoutMs, connectionsCheckingInterval: l.timeoutCheckMs },
  };
}
