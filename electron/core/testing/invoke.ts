/** Typed calls through `ConsoleCore.invoke` for tests: the value, or the failure. */
import type { ApiError, Channel, ChannelInput, ChannelOutput } from '../../../shared/api';
import type { ConsoleCore } from '../console';

export async function call<C extends Channel>(core: ConsoleCore, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const r = await core.invoke(channel, input);
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as ChannelOutput<C>;
}

export async function refused<C extends Channel>(core: ConsoleCore, channel: C, input: unknown): Promise<ApiError> {
  const r = await core.invoke(channel, input);
  if (r.ok) throw new Error(`${channel} succeeded but was expected to fail`);
  return r.error;
}
