import { describe, expect, it } from "vitest";
import { ruleIds } from "../check/rules/index.js";
import { readMetaSchema } from "./meta-schemas.js";

describe("segkit.config.schema.json", () => {
  it("completes exactly the rule ids the checker has", () => {
    const schema = readMetaSchema("segkit.config") as {
      properties: { rules: { propertyNames: { enum: string[] } } };
    };
    expect(schema.properties.rules.propertyNames.enum).toEqual([...ruleIds].sort());
  });
});
