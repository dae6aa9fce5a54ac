/**
 * FromSchema<S>: the TypeScript type of the JSON a JSON Schema (the subset
 * schema.ts uses, written `as const`) accepts. The report's types are
 * derived from its schema this way, so the two cannot drift apart.
 *
 * Covered: `const`, `enum`, `type` (a name or a list, 'integer' as number),
 * objects with `properties` (keys in `required` required, the rest
 * optional) or with only `additionalProperties` (a record), and arrays
 * with `items`. Types only: nothing here exists at run time.
 */

type Primitive<T> = T extends 'string'
  ? string
  : T extends 'number' | 'integer'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : unknown;

/** Flattens an intersection of mapped types into one object type (for readable hovers and errors). */
type Flat<T> = { [K in keyof T]: T[K] } & {};

type Properties<P, Required> = Flat<
  { -readonly [K in keyof P & Required]: FromSchema<P[K]> } & { -readonly [K in Exclude<keyof P, Required>]?: FromSchema<P[K]> }
>;

type ObjectOf<S> = S extends { properties: infer P }
  ? Properties<P, S extends { required: readonly (infer R)[] } ? R : never>
  : S extends { additionalProperties: infer A extends object }
    ? Record<string, FromSchema<A>>
    : Record<string, unknown>;

/** One `type` name of S; distributes over a list of them (['object', 'null'] gives T | null). */
type OfType<S, T> = T extends 'object'
  ? ObjectOf<S>
  : T extends 'array'
    ? S extends { items: infer I }
      ? FromSchema<I>[]
      : unknown[]
    : Primitive<T>;

export type FromSchema<S> = S extends { const: infer C }
  ? C
  : S extends { enum: readonly (infer E)[] }
    ? E
    : S extends { type: infer T }
      ? OfType<S, T extends readonly (infer U)[] ? U : T>
      : unknown;
