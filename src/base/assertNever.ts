/** Compile-time exhaustiveness for a `switch` over a discriminated union; throws if reached at run time. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
