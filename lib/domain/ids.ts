/**
 * The one UUID check. Record ids are PostgreSQL uuids; anything else in a URL or a form is not an
 * id of ours, and must be turned away before it reaches SQL (where it would be an error, not "not
 * found"). Any 8-4-4-4-12 hex string is accepted, as PostgreSQL does: the version and variant
 * digits of ids made elsewhere (seeds, imports, other systems) are not ours to judge.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
