import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const OPERATION_METHODS = ["get", "put", "post", "delete", "options", "patch"];
const COMPONENT_REF = "#/components/schemas/";

export interface CheckedResponse {
  readonly operation: string;
  readonly status: number;
  readonly body: unknown;
}

/** Where a concrete request path fits the document: the template with the fewest parameters wins. */
function templateOf(document: Json, method: string, path: string): string | undefined {
  const candidates = Object.keys(document.paths as Json).filter((template) => {
    if (!document.paths[template][method]) return false;
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, "[^/]+");
    return new RegExp(`^${pattern}$`).test(path);
  });
  return candidates.sort((a, b) => a.split("{").length - b.split("{").length)[0];
}

/**
 * Checks answers of a running server against what /openapi.json promises for the route and
 * status: the status must be documented, the content type must be the documented one, and a JSON
 * body must validate against the documented JSON Schema (ajv, draft 2020-12, all errors). The
 * document's component $refs are resolved by validating against the document's own components.
 */
export class DocumentedResponses {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  /** "get /api/v1/inquiries 200" for every answer checked, for a coverage assertion. */
  readonly checked = new Set<string>();

  constructor(private readonly document: Json) {
    // The zod-generated schemas carry a pattern next to each format, so formats need no checking of their own.
    this.ajv = new Ajv2020({ allErrors: true, strict: true, formats: { "date-time": true, date: true } });
    const components = JSON.parse(JSON.stringify(document.components.schemas).replaceAll(`"${COMPONENT_REF}`, '"#/$defs/')) as Json;
    this.ajv.addSchema({ $id: "leadport-components", $defs: components });
  }

  /** Every documented 2xx answer with a JSON body, as "method path status". */
  documentedJsonSuccesses(): string[] {
    const found: string[] = [];
    for (const [path, item] of Object.entries(this.document.paths as Record<string, Json>)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!OPERATION_METHODS.includes(method)) continue;
        for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
          const jsonBody = Object.keys(response.content ?? {}).some((type) => type.includes("json"));
          if (status.startsWith("2") && jsonBody) found.push(`${method} ${path} ${status}`);
        }
      }
    }
    return found;
  }

  /** The validator of one documented answer; undefined when the document has no such answer. */
  validatorFor(method: string, template: string, status: number, contentType: string): ValidateFunction | undefined {
    const key = `${method} ${template} ${status} ${contentType}`;
    const cached = this.validators.get(key);
    if (cached) return cached;
    const schema = this.document.paths[template]?.[method]?.responses?.[status]?.content?.[contentType]?.schema as Json | undefined;
    if (!schema) return undefined;
    const local = JSON.parse(JSON.stringify(schema).replaceAll(`"${COMPONENT_REF}`, '"leadport-components#/$defs/')) as Json;
    const validate = this.ajv.compile(local);
    this.validators.set(key, validate);
    return validate;
  }

  /** Validates one answer; throws a message naming the route, the status and every schema violation. */
  async check(method: string, path: string, response: Response): Promise<CheckedResponse> {
    const lowerMethod = method.toLowerCase();
    const pathOnly = path.split("?")[0]!;
    const template = templateOf(this.document, lowerMethod, pathOnly);
    const where = `${method.toUpperCase()} ${path} → ${response.status}`;
    if (!template) throw new Error(`${where}: the route is not documented`);
    const operation = `${lowerMethod} ${template}`;
    const documented = this.document.paths[template][lowerMethod].responses[response.status] as Json | undefined;
    if (!documented) throw new Error(`${where}: status ${response.status} is not documented for ${operation}`);
    const text = await response.text();
    const contentType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
    if (text === "") {
      if (documented.content) throw new Error(`${where}: an empty body, but the document promises ${Object.keys(documented.content).join(", ")}`);
      this.checked.add(`${operation} ${response.status}`);
      return { operation, status: response.status, body: undefined };
    }
    if (!documented.content?.[contentType] && !documented.content?.["*/*"]) {
      throw new Error(`${where}: answered ${contentType}, documented ${Object.keys(documented.content ?? {}).join(", ") || "no body"}`);
    }
    if (!contentType.includes("json")) {
      this.checked.add(`${operation} ${response.status}`);
      return { operation, status: response.status, body: text };
    }
    const body = JSON.parse(text) as unknown;
    this.assertValid(lowerMethod, template, response.status, contentType, body, where);
    this.checked.add(`${operation} ${response.status}`);
    return { operation, status: response.status, body };
  }

  /** Throws unless the body is what the document promises for this answer. */
  assertValid(method: string, template: string, status: number, contentType: string, body: unknown, where = `${method} ${template} ${status}`): void {
    const validate = this.validatorFor(method, template, status, contentType);
    if (!validate) throw new Error(`${where}: no schema documented for ${contentType}`);
    if (!validate(body)) {
      const problems = (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
      throw new Error(`${where}: the body does not match the documented schema:\n  ${problems.join("\n  ")}\n${JSON.stringify(body)}`);
    }
  }
}
