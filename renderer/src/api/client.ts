import {
  ApiError, consoleApi, consoleEvents, type Channel, type ChannelInput, type ChannelOutput, type EventName, type EventPayload, type Result,
} from '../../../shared/api';
import type { Transport } from './transport';

/**
 * The typed console client: channel names, inputs and outputs come from `consoleApi`.
 * Every answer is parsed with the channel's output schema, so a core that drifts from the
 * contract shows up as an error here rather than as `undefined` deep in a component.
 */
export interface ConsoleClient {
  readonly mode: Transport['mode'];
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
  onReconnect(cb: () => void): () => void;
  evidenceUrl: Transport['evidenceUrl'];
}

const ResultEnvelope = {
  parse(raw: unknown): { ok: true; value: unknown } | { ok: false; error: ApiError } | null {
    if (typeof raw !== 'object' || raw === null || !('ok' in raw)) return null;
    const r = raw as { ok: unknown; value?: unknown; error?: unknown };
    if (r.ok === true) return { ok: true, value: r.value };
    if (r.ok === false) {
      const err = ApiError.safeParse(r.error);
      return { ok: false, error: err.success ? err.data : { code: 'internal', message: 'malformed error from the console' } };
    }
    return null;
  },
};

export function createClient(transport: Transport): ConsoleClient {
  return {
    mode: transport.mode,
    async invoke(channel, input) {
      let raw: unknown;
      try {
        raw = await transport.invoke(channel, input);
      } catch (e) {
        return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
      }
      const envelope = ResultEnvelope.parse(raw);
      if (!envelope) return { ok: false, error: { code: 'internal', message: `malformed answer on ${channel}` } };
      if (!envelope.ok) return envelope;
      const parsed = consoleApi[channel].output.safeParse(envelope.value);
      if (!parsed.success) {
        return { ok: false, error: { code: 'internal', message: `answer on ${channel} does not match the contract: ${parsed.error.issues[0]?.message ?? ''}` } };
      }
      // The schema for `channel` produced this value, so it is ChannelOutput<C>; TypeScript
      // cannot follow the indexed access through the generic, hence the cast.
      return { ok: true, value: parsed.data as ChannelOutput<typeof channel> };
    },
    on(event, cb) {
      return transport.on(event, (payload) => {
        const parsed = consoleEvents[event].safeParse(payload);
        if (parsed.success) cb(parsed.data as EventPayload<typeof event>);
        else console.warn(`dropped malformed ${event} event`, parsed.error.issues[0]);
      });
    },
    onReconnect: (cb) => transport.onReconnect(cb),
    evidenceUrl: (sha256, variant) => transport.evidenceUrl(sha256, variant),
  };
}
