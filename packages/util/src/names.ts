/**
 * Whether `name` is a registry name: a lower-case letter, then lower-case letters, digits and dashes
 * (`ridge`, `oneflux-hh`, `table1`). Model kinds, site file formats and experiments share the rule.
 */
export function isRegistryName(name: unknown): name is string {
  return typeof name === 'string' && /^[a-z][a-z0-9-]*$/.test(name);
}
