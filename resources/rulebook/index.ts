/**
 * The shipped rulebooks, parsed and checked. The console core and the case service load a
 * rulebook here by version and pass it to the pure functions of shared/rulebook; a decision
 * is always re-checked against the version it was made under.
 */
import { Rulebook } from '../../shared/rulebook';
import rulebook202611 from './rulebook-2026.11.json' with { type: 'json' };

export const CURRENT_RULEBOOK_VERSION = '2026.11';

const SHIPPED: Readonly<Record<string, unknown>> = { '2026.11': rulebook202611 };
export const SHIPPED_RULEBOOK_VERSIONS: readonly string[] = Object.keys(SHIPPED);

const parsed = new Map<string, Rulebook>();

/** The rulebook of `version`, parsed once; throws for a version this build does not ship. */
export function loadRulebook(version: string = CURRENT_RULEBOOK_VERSION): Rulebook {
  const cached = parsed.get(version);
  if (cached) return cached;
  const raw = SHIPPED[version];
  if (raw === undefined) throw new Error(`rulebook ${version} is not shipped with this build (shipped: ${SHIPPED_RULEBOOK_VERSIONS.join(', ')})`);
  const rb = Rulebook.parse(raw);
  if (rb.version !== version) throw new Error(`rulebook file for ${version} says it is ${rb.version}`);
  parsed.set(version, rb);
  return rb;
}
