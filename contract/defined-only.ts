/**
 * With exactOptionalPropertyTypes an optional field is either present with a value or absent,
 * never present as `undefined`: the object a zod schema, a JSON frame or an SQLite row expects.
 * `definedOnly({ a, b })` builds such an object from values that may be undefined, in one place
 * instead of a conditional spread per field.
 */
type DefinedOnly<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

export function definedOnly<T extends Record<string, unknown>>(fields: T): DefinedOnly<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as DefinedOnly<T>;
}
