import { QueryClient } from '@tanstack/react-query';
import type { ApiError, Channel, ChannelInput, ChannelOutput } from '../../../shared/api';
import type { ConsoleClient } from '../api/client';

/** A console answer that was an error, carried as the query's error. */
export class AskFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'AskFailure';
  }
}

/** The console's answer on `channel`, for a query function: an error answer throws. */
export async function ask<C extends Channel>(api: ConsoleClient, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const r = await api.invoke(channel, input);
  if (!r.ok) throw new AskFailure(r.error);
  return r.value;
}

/** The API error behind a failed query (anything else thrown is reported as internal). */
export function apiErrorOf(e: unknown): ApiError {
  if (e instanceof AskFailure) return e.error;
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/**
 * The console's query client. Data is fresh until an event says otherwise (see
 * invalidation.ts), so nothing refetches on a timer, on focus or on a remount; a failed
 * question is shown, not retried behind the reviewer's back.
 */
export function createConsoleQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: Infinity, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
    },
  });
}
