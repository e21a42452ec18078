import type { Rule } from "../rule.js";
import { collectionName } from "./collection-name.js";
import { collectionNamePlural } from "./collection-name-plural.js";
import { collectionPropertyType } from "./collection-property-type.js";
import { duplicateCollection } from "./duplicate-collection.js";
import { duplicateEvent } from "./duplicate-event.js";
import { duplicateKey } from "./duplicate-key.js";
import { identifierCollision } from "./identifier-collision.js";
import { invalidJson } from "./invalid-json.js";
import { invalidPattern } from "./invalid-pattern.js";
import { metaSchema } from "./meta-schema.js";
import { objectId } from "./object-id.js";
import { propertyNameCase } from "./property-name-case.js";
import { refCycle } from "./ref-cycle.js";
import { requiredUnknownProperty } from "./required-unknown-property.js";
import { stringMaxLength } from "./string-max-length.js";
import { unknownKeyword } from "./unknown-keyword.js";
import { unreadableFile } from "./unreadable-file.js";
import { unresolvedRef } from "./unresolved-ref.js";

/** Every rule, in the order `segkit check --help` lists them. */
export const rules: readonly Rule[] = [
  unreadableFile,
  invalidJson,
  duplicateKey,
  metaSchema,
  unknownKeyword,
  collectionName,
  collectionNamePlural,
  propertyNameCase,
  collectionPropertyType,
  stringMaxLength,
  objectId,
  duplicateCollection,
  duplicateEvent,
  unresolvedRef,
  refCycle,
  requiredUnknownProperty,
  invalidPattern,
  identifierCollision,
];

export const ruleIds: readonly string[] = rules.map((rule) => rule.id);
