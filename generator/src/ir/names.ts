/**
 * Globals that generated code names: a type of the same name would hide them in its module
 * (a collection `dates` would make `Date` mean the collection's type).
 */
const shadowedGlobals = new Set(
  "Array Boolean Date Error JSON Map Math Number Object Omit Partial Pick Promise Readonly ReadonlyArray Record Set String Symbol".split(
    " ",
  ),
);

/** `name`, or `name_` when it would hide a global that generated code uses. */
export function avoidGlobals(name: string): string {
  return shadowedGlobals.has(name) ? `${name}_` : name;
}
