declare const jsonOf: unique symbol;

/** JSON text of a `T`, built already (a list page's rows: src/db/row-json.ts); sent as it is by sendJsonText. */
export type JsonText<T> = string & { readonly [jsonOf]: T };

/** The JSON of an array whose items' JSON is given. */
export function jsonArray<T>(items: readonly JsonText<T>[] | readonly string[]): JsonText<T[]> {
  return `[${items.join(',')}]` as JsonText<T[]>;
}

/** `{"key":text,...rest}`: the JSON of an object whose first field's JSON is given, as JSON.stringify orders it. */
export function jsonObjectWith<T, K extends keyof T & string>(key: K, text: JsonText<T[K]>, rest: Omit<T, K>): JsonText<T> {
  const others = JSON.stringify(rest);
  return `{${JSON.stringify(key)}:${text}${others === '{}' ? '}' : `,${others.slice(1)}`}` as JsonText<T>;
}
