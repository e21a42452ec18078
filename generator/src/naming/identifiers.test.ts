import { camelCase, pascalCase } from "change-case";
import { describe, expect, it } from "vitest";
import {
  assignIdentifiers,
  collectionTypeName,
  isSnakeCase,
  toIdentifier,
  toSnakeCase,
} from "./identifiers.js";

describe("toIdentifier", () => {
  const cases: [string, { given: string; style: "pascal" | "camel"; want: string }][] = [
    [
      "words become PascalCase",
      { given: "Order Completed", style: "pascal", want: "OrderCompleted" },
    ],
    [
      "snake_case becomes PascalCase",
      { given: "order_completed", style: "pascal", want: "OrderCompleted" },
    ],
    [
      "a leading digit gets an underscore",
      { given: "2fa Enabled", style: "pascal", want: "_2faEnabled" },
    ],
    [
      "a reserved word gets a trailing underscore",
      { given: "delete", style: "camel", want: "delete_" },
    ],
    ["__proto__ is an ordinary name", { given: "__proto__", style: "pascal", want: "Proto" }],
    [
      "constructor is an ordinary type name",
      { given: "constructor", style: "pascal", want: "Constructor" },
    ],
    [
      "quotes and comment closers are dropped",
      { given: 'say "hi" */ now', style: "pascal", want: "SayHiNow" },
    ],
    ["template syntax is dropped", { given: "${x}`y`", style: "camel", want: "xY" }],
    ["letters outside ASCII stay", { given: "Café Visited", style: "pascal", want: "CaféVisited" }],
    ["nothing usable left gives Unnamed", { given: "🎉", style: "pascal", want: "Unnamed" }],
  ];
  it.each(cases)("%s", (_name, { given, style, want }) => {
    expect(toIdentifier(given, style)).toBe(want);
  });
});

describe("toIdentifier joins plain words as change-case does", () => {
  const options = { mergeAmbiguousCharacters: true };
  it.each([
    "Order Completed",
    "order completed",
    "Checkout Cart Viewed",
    "order_items",
    "Order_Items",
    "active_order",
    "Signed Up",
    "iPhone Linked",
    "a",
    "Z",
    "Item x",
    "Identify Ids",
  ])("%s", (given) => {
    expect(toIdentifier(given, "pascal")).toBe(pascalCase(given, options));
    expect(toIdentifier(given, "camel")).toBe(camelCase(given, options));
  });
});

describe("collectionTypeName", () => {
  it.each([
    ["rooms", "Room"],
    ["order_items", "OrderItem"],
    ["people", "Person"],
    ["data", "Datum"],
  ])("%s → %s", (given, want) => {
    expect(collectionTypeName(given)).toBe(want);
  });
});

describe("assignIdentifiers", () => {
  const pascal = (raw: string) => toIdentifier(raw, "pascal");

  it("keeps distinct names as they are", () => {
    expect([...assignIdentifiers(["Order Completed", "Product Viewed"], pascal)]).toEqual([
      ["Order Completed", "OrderCompleted"],
      ["Product Viewed", "ProductViewed"],
    ]);
  });

  it("suffixes colliding names in raw-text order, whatever order they come in", () => {
    const want = new Map([
      ["Order Completed", "OrderCompleted"],
      ["order-completed", "OrderCompleted2"],
      ["order_completed", "OrderCompleted3"],
    ]);
    expect(
      assignIdentifiers(["order_completed", "Order Completed", "order-completed"], pascal),
    ).toEqual(want);
    expect(
      assignIdentifiers(["order-completed", "order_completed", "Order Completed"], pascal),
    ).toEqual(want);
  });

  it("skips a suffix another name already has", () => {
    const result = assignIdentifiers(
      ["Order Completed", "order completed", "Order Completed 2"],
      pascal,
    );
    expect(result.get("Order Completed 2")).toBe("OrderCompleted2");
    expect(result.get("Order Completed")).toBe("OrderCompleted");
    expect(result.get("order completed")).toBe("OrderCompleted3");
    expect(new Set(result.values()).size).toBe(3);
  });
});

describe("snake_case", () => {
  it.each([
    ["review_count", true],
    ["reviewCount", false],
    ["Review_Count", false],
    ["review__count", false],
    ["_review", false],
    ["review2", true],
  ])("isSnakeCase(%j) is %j", (given, want) => {
    expect(isSnakeCase(given)).toBe(want);
  });

  it.each([
    ["reviewCount", "review_count"],
    ["Review Count", "review_count"],
    ["HTTPStatus", "http_status"],
    ["🎉", undefined],
  ])("toSnakeCase(%j) is %j", (given, want) => {
    expect(toSnakeCase(given)).toBe(want);
  });
});
