/** Typed calls through the console API (`ConsoleCore.invoke`, the path every handler call takes): the value, or a thrown failure. */
import type { Channel, ChannelInput, ChannelOutput } from '../shared/api';
import type { ConsoleCore } from '../electron/core/console';

export async function call<C extends Channel>(core: ConsoleCore, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const r = await core.invoke(channel, input);
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as ChannelOutput<C>;
}
