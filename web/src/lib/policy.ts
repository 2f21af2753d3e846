// The policy form's logic: what a save sends to PUT /api/v1/policy.
import type { PolicySetting } from '../api/types';

/** What to send: a changed value, null to go back to the config file's value; untouched settings left out. */
export function policyChanges(
  settings: PolicySetting[],
  values: Record<string, number | null | undefined>,
  resets: Set<string>,
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const s of settings) {
    if (resets.has(s.field)) {
      if (s.stored) out[s.field] = null;
      continue;
    }
    const v = values[s.field];
    if (typeof v === 'number' && v !== s.value) out[s.field] = v;
  }
  return out;
}
