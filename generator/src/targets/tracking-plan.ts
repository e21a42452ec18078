import { VariableDeclarationKind } from "ts-morph";
import {
  commentText,
  markdownCell,
  markdownCode,
  propertyKey,
  stringLiteral,
} from "../generate/code-text.js";
import type { GeneratedPackage } from "../generate/generated-file.js";
import type { PlanSchemaIR, TrackingPlanIR } from "../ir/model.js";
import {
  markdownHeader,
  newProject,
  packageJson,
  tsconfigJson,
  addValidatorImports,
  typeScriptFile,
  validatorModule,
} from "./package-files.js";
import { declareTypes } from "./types.js";
import { compileValidators } from "./validators.js";

/**
 * The tracking plan's package: a type and a validator for each track event's properties and for
 * identify traits, group traits, page and screen properties; a map from event name to its
 * properties type (what destination handlers are typed with), and a validator by event name.
 */
export async function trackingPlanPackage(
  plan: TrackingPlanIR,
  runtimeVersion: string,
): Promise<GeneratedPackage> {
  const schemas: PlanSchemaIR[] = [
    ...plan.events,
    ...[plan.identify, plan.group, plan.page, plan.screen].filter(
      (s): s is PlanSchemaIR => s !== undefined,
    ),
  ];
  const sources = [...new Set(schemas.map((s) => s.file))].sort();
  const project = newProject();

  const types = await declareTypes(
    schemas.map((s) => ({ name: s.typeName, schema: s.schema })),
    plan.definitions,
    { datesAcceptDate: false, reservedNames: ["TrackEvents", "TrackEventName"] },
  );
  const typesFile = typeScriptFile(project, "src/types.ts", sources, (file) => {
    file.addStatements(types);
    file.addInterface({
      isExported: true,
      name: "TrackEvents",
      docs: [
        commentText(
          "Each track event of the plan, by its exact name, and the type of its properties.",
        ),
      ],
      properties: plan.events.map((event) => ({
        name: propertyKey(event.event!),
        type: event.typeName,
        docs: event.description ? [commentText(event.description)] : [],
      })),
    });
    file.addTypeAlias({
      isExported: true,
      name: "TrackEventName",
      docs: [commentText("The name of a track event of the plan.")],
      type: "keyof TrackEvents",
    });
  });

  const raw = compileValidators(
    schemas.map((s) => ({ name: s.validateName, schema: s.schema })),
    plan.definitions,
  );
  const rawFile = validatorModule(sources, raw);

  const validateFile = typeScriptFile(project, "src/validate.ts", sources, (file) => {
    addValidatorImports(file, [...schemas.map((s) => s.typeName), "TrackEventName"], "string");
    // All at once: ts-morph re-parses the file after each change, and a plan has hundreds of events.
    file.addVariableStatements(
      schemas.map((schema) => ({
        declarationKind: VariableDeclarationKind.Const,
        isExported: true,
        docs: [
          commentText(
            `Whether \`value\` is valid as the ${schema.label}. When it is not, \`${schema.validateName}.errors\` lists each problem with a JSON pointer and a message.`,
          ),
        ],
        declarations: [
          {
            name: schema.validateName,
            type: `runtime.Validator<${schema.typeName}>`,
            initializer: `runtime.createValidator<${schema.typeName}>(raw[${stringLiteral(schema.validateName)}]!)`,
          },
        ],
      })),
    );
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: [commentText("The names of the plan's track events, in name order.")],
      declarations: [
        {
          name: "trackEventNames",
          type: "readonly TrackEventName[]",
          initializer: `[${plan.events.map((e) => stringLiteral(e.event!)).join(", ")}]`,
        },
      ],
    });
    // A Map, not an object literal: an event named "__proto__" must be an entry like any other.
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        {
          name: "trackValidators",
          type: "ReadonlyMap<string, runtime.Validator<unknown>>",
          initializer: `new Map<string, runtime.Validator<unknown>>([${plan.events
            .map((e) => `[${stringLiteral(e.event!)}, ${e.validateName}]`)
            .join(", ")}])`,
        },
      ],
    });
    file.addFunction({
      isExported: true,
      name: "validateTrackEvent",
      docs: [
        commentText(
          "The problems of a track event's properties, checked against the plan's schema for that event name; `undefined` when the plan has no such event.",
        ),
      ],
      parameters: [
        { name: "event", type: "string" },
        { name: "properties", type: "unknown" },
      ],
      returnType: "readonly runtime.ValidationProblem[] | undefined",
      statements: [
        "const validate = trackValidators.get(event);",
        "if (!validate) return undefined;",
        "return validate(properties) ? [] : validate.errors;",
      ],
    });
  });

  const indexFile = typeScriptFile(project, "src/index.ts", sources, (file) => {
    // Every type, shared definitions included (`Product`, `Money`), not only the roots.
    file.addStatements('export type * from "./types.js";');
    file.addExportDeclaration({
      moduleSpecifier: "./validate.js",
      namedExports: [
        ...schemas.map((s) => s.validateName),
        "trackEventNames",
        "validateTrackEvent",
      ],
    });
  });

  return {
    folder: plan.folder,
    sources,
    files: [
      packageJson({
        name: plan.packageName,
        description:
          "Types and validators of the tracking plan's events, traits and page properties",
        runtimeVersion,
        sources,
      }),
      tsconfigJson(sources),
      { path: "README.md", content: readme(plan, schemas, sources), format: "markdown" },
      indexFile,
      typesFile,
      rawFile,
      validateFile,
    ],
  };
}

function readme(plan: TrackingPlanIR, schemas: PlanSchemaIR[], sources: readonly string[]): string {
  const rows = schemas.map(
    (s) =>
      `| ${s.event === undefined ? markdownCell(s.label) : markdownCode(s.event)} | ${markdownCode(s.typeName)} | ${markdownCode(s.validateName)} | ${markdownCell(s.description ?? "")} |`,
  );
  return `${markdownHeader(sources)}

# ${markdownCell(plan.packageName)}

The tracking plan's types and validators, generated from ${sources.map(markdownCode).join(", ")}.

\`\`\`ts
import { validateTrackEvent, type TrackEvents } from ${JSON.stringify(plan.packageName)};

const problems = validateTrackEvent(event.event, event.properties); // undefined: not in the plan
\`\`\`

| event or call | type | validator | description |
| --- | --- | --- | --- |
${rows.join("\n")}
`;
}
