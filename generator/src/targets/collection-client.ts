import { VariableDeclarationKind } from "ts-morph";
import { commentText, markdownCell, markdownCode, stringLiteral } from "../generate/code-text.js";
import type { GeneratedPackage } from "../generate/generated-file.js";
import type { CollectionIR } from "../ir/model.js";
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
 * The package of one collection: its types, its validators (ajv standalone code, compiled now),
 * and an Objects API client and a Bulk writer bound to both.
 */
export async function collectionClient(
  collection: CollectionIR,
  runtimeVersion: string,
): Promise<GeneratedPackage> {
  const sources = [collection.file];
  const n = collection.names;
  const project = newProject();

  const types = await declareTypes(
    [
      { name: n.type, schema: collection.properties },
      { name: n.id, schema: collection.objectId },
    ],
    collection.definitions,
    { datesAcceptDate: true, reservedNames: [n.object] },
  );
  const typesFile = typeScriptFile(project, "src/types.ts", sources, (file) => {
    file.addStatements(types);
    file.addInterface({
      isExported: true,
      name: n.object,
      docs: [
        commentText(
          `One object of the ${collection.name} collection, as set() and write() take it: its id and its properties. Properties typed \`string | Date\` are sent as ISO-8601 strings.`,
        ),
      ],
      properties: [
        { name: "id", type: n.id },
        { name: "properties", type: n.type },
      ],
    });
  });

  const raw = compileValidators(
    [
      { name: n.validate, schema: collection.properties },
      { name: n.validateId, schema: collection.objectId },
    ],
    collection.definitions,
  );
  const rawFile = validatorModule(sources, raw);

  const validateFile = typeScriptFile(project, "src/validate.ts", sources, (file) => {
    addValidatorImports(
      file,
      [n.type, n.id],
      [n.validate, n.validateId].map(stringLiteral).join(" | "),
    );
    const dateKeys = collection.propertyList
      .filter((p) => p.date)
      .map((p) => stringLiteral(p.name));
    file.addVariableStatements(
      (
        [
          [n.validate, n.type, `the properties of a ${collection.name} object`, dateKeys],
          [n.validateId, n.id, `an object id of ${collection.name}`, []],
        ] as const
      ).map(([name, type, what, dates]) => ({
        declarationKind: VariableDeclarationKind.Const,
        isExported: true,
        docs: [
          commentText(
            `Whether \`value\` is ${what}. When it is not, \`${name}.errors\` lists each problem with a JSON pointer and a message.${dates.length > 0 ? " Date values are checked as the ISO-8601 strings they are sent as." : ""}`,
          ),
        ],
        declarations: [
          {
            name,
            type: `runtime.Validator<${type}>`,
            initializer: `runtime.createValidator<${type}>(raw.${name}${dates.length > 0 ? `, [${dates.join(", ")}]` : ""})`,
          },
        ],
      })),
    );
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: [commentText("The checks the client and the Bulk writer run on every object.")],
      declarations: [
        {
          name: "validators",
          initializer: `{
            validate: (properties: ${n.type}) => (${n.validate}(properties) ? [] : ${n.validate}.errors),
            validateId: (id: string) => (${n.validateId}(id) ? [] : ${n.validateId}.errors),
          }`,
        },
      ],
    });
  });

  const collectionLiteral = stringLiteral(collection.name);
  const clientFile = typeScriptFile(project, "src/client.ts", sources, (file) => {
    file.addImportDeclaration({ moduleSpecifier: "@segkit/runtime", namespaceImport: "runtime" });
    file.addImportDeclaration({
      moduleSpecifier: "./types.js",
      isTypeOnly: true,
      namedImports: [n.type],
    });
    file.addImportDeclaration({ moduleSpecifier: "./validate.js", namedImports: ["validators"] });
    const bound = '"collection" | "validate" | "validateId"';
    file.addTypeAlias({
      isExported: true,
      name: n.clientOptions,
      docs: [
        commentText(
          `Options of ${n.client}: the Objects sender's, but for the collection and its checks, which are bound.`,
        ),
      ],
      type: `Omit<runtime.ObjectsSenderOptions<${n.type}>, ${bound}>`,
    });
    file.addFunction({
      isExported: true,
      name: n.client,
      docs: [
        commentText(
          `An Objects API client for the ${collection.name} collection: set() validates each object against the schema and sends batches of at most 10 (000).`,
        ),
      ],
      parameters: [{ name: "options", type: n.clientOptions }],
      returnType: `runtime.ObjectsSender<${n.type}>`,
      statements: [
        `return new runtime.ObjectsSender<${n.type}>({ ...options, collection: ${collectionLiteral}, ...validators });`,
      ],
    });
    file.addTypeAlias({
      isExported: true,
      name: n.bulkWriterOptions,
      docs: [
        commentText(
          `Options of ${n.bulkWriter}: the Bulk writer's, but for the collection and its checks, which are bound.`,
        ),
      ],
      type: `Omit<runtime.BulkWriterOptions<${n.type}>, ${bound}>`,
    });
    file.addFunction({
      isExported: true,
      name: n.bulkWriter,
      docs: [
        commentText(
          `An Objects Bulk API writer for the ${collection.name} collection: write() validates each object and streams it into gzip'd NDJSON parts of one session (001).`,
        ),
      ],
      parameters: [{ name: "options", type: n.bulkWriterOptions }],
      returnType: `runtime.BulkWriter<${n.type}>`,
      statements: [
        `return new runtime.BulkWriter<${n.type}>({ ...options, collection: ${collectionLiteral}, ...validators });`,
      ],
    });
  });

  const indexFile = typeScriptFile(project, "src/index.ts", sources, (file) => {
    // Every type, shared definitions included (`Money` of a `$ref`), not only the three above.
    file.addStatements('export type * from "./types.js";');
    file.addExportDeclaration({
      moduleSpecifier: "./validate.js",
      namedExports: [n.validate, n.validateId],
    });
    file.addExportDeclaration({
      moduleSpecifier: "./client.js",
      namedExports: [n.client, n.bulkWriter],
    });
    file.addExportDeclaration({
      moduleSpecifier: "./client.js",
      isTypeOnly: true,
      namedExports: [n.clientOptions, n.bulkWriterOptions],
    });
  });

  return {
    folder: collection.folder,
    sources,
    files: [
      packageJson({
        name: collection.packageName,
        description:
          collection.description ??
          `A typed Objects API client for the ${collection.name} collection`,
        runtimeVersion,
        sources,
      }),
      tsconfigJson(sources),
      { path: "README.md", content: readme(collection, sources), format: "markdown" },
      indexFile,
      typesFile,
      rawFile,
      validateFile,
      clientFile,
    ],
  };
}

function readme(collection: CollectionIR, sources: readonly string[]): string {
  const n = collection.names;
  const rows = collection.propertyList.map(
    (p) =>
      `| ${markdownCode(p.name)} | ${markdownCell(p.summary)}${p.date ? " (or a Date)" : ""} | ${p.required ? "yes" : ""} | ${markdownCell(p.description ?? "")} |`,
  );
  return `${markdownHeader(sources)}

# ${markdownCell(collection.packageName)}

${markdownCell(collection.description ?? "")}

A typed client for the ${markdownCode(collection.name)} collection of the Segment Objects API, generated
from ${markdownCode(collection.file)}.

\`\`\`ts
import { ${n.client}, ${n.bulkWriter}, ${n.validate} } from ${JSON.stringify(collection.packageName)};

const client = ${n.client}({ writeKey: process.env.SEGMENT_WRITE_KEY! });
await client.set({ id: "…", properties: { /* a ${n.type} */ } });
const summary = await client.close(); // { sent, failed, … }

const writer = ${n.bulkWriter}({ writeKey: process.env.SEGMENT_WRITE_KEY! });
await writer.write({ id: "…", properties: { /* a ${n.type} */ } });
await writer.close();

if (!${n.validate}(value)) console.error(${n.validate}.errors); // [{ pointer, message }]
\`\`\`

## Properties of ${markdownCode(n.type)}

| property | type | required | description |
| --- | --- | --- | --- |
${rows.join("\n")}
`;
}
