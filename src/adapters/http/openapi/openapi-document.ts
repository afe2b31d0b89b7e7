import { z } from "zod";
import { RESPONSE_COMPONENTS } from "./response-components.js";
import type { ResponseDoc, RouteAuth, RouteDoc } from "./route-doc.js";

/* Builds the OpenAPI 3.1 document from the routes' own zod schemas (JSON Schema 2020-12). */

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  readonly openapi: string;
  readonly info: Json;
  readonly tags: Array<{ name: string }>;
  readonly paths: Record<string, Record<string, Json>>;
  readonly components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

export const OPENAPI_VERSION = "3.1.0";

const COMPONENT_REF = "#/components/schemas/";
const PROBLEM_REF = { $ref: `${COMPONENT_REF}Problem` };

const SECURITY_SCHEMES: Record<string, Json> = {
  bearerKey: { type: "http", scheme: "bearer", description: "A secret key: `Authorization: Bearer lp_live_…`." },
  headerKey: { type: "apiKey", in: "header", name: "X-API-KEY", description: "A key in the X-API-KEY header." },
  queryKey: { type: "apiKey", in: "query", name: "key", description: "A key as the query parameter `key`." },
};

const SECURITY: Readonly<Record<RouteAuth, Array<Record<string, string[]>>>> = {
  "secret-key": [{ bearerKey: [] }, { headerKey: [] }],
  "publishable-key": [{ headerKey: [] }, { queryKey: [] }],
  "vendor-key": [{ headerKey: [] }, { queryKey: [] }, { bearerKey: [] }],
  none: [],
};

/** JSON Schema of what a client sends (the input side of transforms, defaults and coercions). */
/**
 * zod writes the safe-integer range as the bounds of every `.int()`; Swagger UI then shows
 * -9007199254740991 as the example value. Bounds that only restate that range say nothing and
 * are dropped, so examples show ordinary numbers; real bounds (0..100) stay.
 */
function withoutSafeIntegerBounds(ctx: { jsonSchema: Record<string, unknown> }): void {
  const schema = ctx.jsonSchema;
  if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
  if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
}

export function jsonSchemaOf(schema: z.ZodType): Json {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
    override: withoutSafeIntegerBounds,
  }) as Json;
  return json;
}

/** The auth failures every route of a kind can answer, unless its RouteDoc says otherwise. */
const AUTH_RESPONSES: Readonly<Record<RouteAuth, Readonly<Record<number, ResponseDoc>>>> = {
  "secret-key": {
    401: { description: "No key sent." },
    403: { description: "Unknown or revoked key, or a publishable key (those may only submit the contact form)." },
  },
  "publishable-key": {},
  "vendor-key": {},
  none: {},
};

/**
 * The JSON Schemas of what the server answers (the output side), from the response views' zod
 * schemas: the named components, and one schema per documented response, which refers to the
 * components with $ref wherever it contains one. Converted in one pass so every $ref is shared.
 */
interface ResponseSchemas {
  readonly components: Record<string, Json>;
  schemaOf(schema: z.ZodType): Json;
}

function responseSchemas(routeDocs: readonly RouteDoc[]): ResponseSchemas {
  const registry = z.registry<{ id: string }>();
  const componentIds = new Map<z.ZodType, string>();
  for (const [id, schema] of Object.entries(RESPONSE_COMPONENTS)) {
    registry.add(schema, { id });
    componentIds.set(schema, id);
  }
  const inlineIds = new Map<z.ZodType, string>();
  for (const doc of routeDocs) {
    for (const { schema } of Object.values(doc.responses) as ResponseDoc[]) {
      if (!schema || componentIds.has(schema) || inlineIds.has(schema)) continue;
      const id = `inline-${inlineIds.size}`;
      registry.add(schema, { id });
      inlineIds.set(schema, id);
    }
  }
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io: "output",
    unrepresentable: "any",
    override: withoutSafeIntegerBounds,
    uri: (id) => `${COMPONENT_REF}${id}`,
  });
  const standalone = (id: string): Json => {
    const { $schema: _dialect, $id: _id, ...json } = schemas[id] as Json;
    if (JSON.stringify(json).includes(`"${COMPONENT_REF}inline-`)) throw new Error(`response schema ${id} nests another route's response schema; name it in RESPONSE_COMPONENTS`);
    return json;
  };
  const components: Record<string, Json> = {};
  for (const id of componentIds.values()) components[id] = standalone(id);
  return {
    components,
    schemaOf: (schema) => {
      const component = componentIds.get(schema);
      if (component) return { $ref: `${COMPONENT_REF}${component}` };
      return standalone(inlineIds.get(schema)!);
    },
  };
}

/** "/api/v1/inquiries/:id" → "/api/v1/inquiries/{id}" and its parameter names. */
export function openApiPath(koaPath: string): { path: string; parameters: string[] } {
  const parameters: string[] = [];
  const path = koaPath.replace(/:(\w+)/g, (_match, name: string) => {
    parameters.push(name);
    return `{${name}}`;
  });
  return { path, parameters };
}

function operationId(doc: RouteDoc): string {
  const words = doc.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return doc.method + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("");
}

function parametersOf(doc: RouteDoc, pathParameters: readonly string[]): Json[] {
  const parameters: Json[] = pathParameters.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } }));
  for (const [name, field] of Object.entries(doc.query?.shape ?? {})) {
    const schema = jsonSchemaOf(field as z.ZodType);
    const { description, ...rest } = schema;
    parameters.push({
      name,
      in: "query",
      required: !(field as z.ZodType).safeParse(undefined).success,
      schema: rest,
      ...(description ? { description } : {}),
    });
  }
  return parameters;
}

function requestBodyOf(doc: RouteDoc): Json | undefined {
  if (!doc.body) return undefined;
  const schema = jsonSchemaOf(doc.body);
  const content: Json = {};
  for (const type of doc.bodyContentTypes ?? ["application/json"]) {
    content[type] = { schema, ...(doc.example !== undefined ? { example: doc.example } : {}) };
  }
  return { required: doc.bodyRequired ?? true, content };
}

function responseOf(status: number, response: ResponseDoc, auth: RouteAuth, schemas: ResponseSchemas): Json {
  const isError = status >= 400;
  const native = auth !== "vendor-key";
  if (status === 204 || (status >= 300 && status < 400)) return { description: response.description };
  const contentType = response.contentType ?? (isError && native ? "application/problem+json" : "application/json");
  let schema: Json = {};
  if (response.schema) schema = schemas.schemaOf(response.schema);
  else if (isError && native) schema = PROBLEM_REF;
  else if (contentType.startsWith("text/")) schema = { type: "string" };
  else if (!contentType.includes("json")) schema = { type: "string", format: "binary" };
  return { description: response.description, content: { [contentType]: { schema } } };
}

/** Every route that writes can find the database locked by another process (docs/adr/0006). */
const STORAGE_BUSY_RESPONSE: Readonly<Record<number, ResponseDoc>> = {
  503: { description: "The database is locked by another writer (an import, a backup); nothing was stored. Send again after `Retry-After` seconds." },
};

function operationOf(doc: RouteDoc, pathParameters: readonly string[], schemas: ResponseSchemas): Json {
  const responses: Json = {};
  const writes = doc.method !== "get" && doc.method !== "options";
  for (const [status, response] of Object.entries({ ...AUTH_RESPONSES[doc.auth], ...(writes ? STORAGE_BUSY_RESPONSE : {}), ...doc.responses })) {
    responses[status] = responseOf(Number(status), response, doc.auth, schemas);
  }
  const parameters = parametersOf(doc, pathParameters);
  const requestBody = requestBodyOf(doc);
  return {
    operationId: operationId(doc),
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [...doc.tags],
    security: SECURITY[doc.auth],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/** One document from every registered RouteDoc array; a route documented twice is a bug. */
export function buildOpenApiDocument(routeDocs: ReadonlyArray<readonly RouteDoc[]>, info: OpenApiInfo): OpenApiDocument {
  const paths: Record<string, Record<string, Json>> = {};
  const tags = new Set<string>();
  const schemas = responseSchemas(routeDocs.flat());
  for (const doc of routeDocs.flat()) {
    const { path, parameters } = openApiPath(doc.path);
    const item = (paths[path] ??= {});
    if (item[doc.method]) throw new Error(`${doc.method.toUpperCase()} ${doc.path} is documented twice`);
    item[doc.method] = operationOf(doc, parameters, schemas);
    for (const tag of doc.tags) tags.add(tag);
  }
  return {
    openapi: OPENAPI_VERSION,
    info: { ...info },
    tags: [...tags].map((name) => ({ name })),
    paths,
    components: { schemas: schemas.components, securitySchemes: SECURITY_SCHEMES },
  };
}
