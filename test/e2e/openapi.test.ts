import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiPath } from "../../src/adapters/http/openapi/openapi-document.js";
import { runLeadport } from "../support/cli.js";
import { buildHostApp, registeredRoutes } from "../support/routes.js";
import { startTestServer, type TestServer } from "../support/server.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const OPERATION_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function operationsOf(document: Json): Array<{ method: string; path: string; operation: Json }> {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => OPERATION_METHODS.includes(method))
      .map(([method, operation]) => ({ method, path, operation: operation as Json })),
  );
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") found.push(child);
      else refsIn(child, found);
    }
  }
  return found;
}

function resolvePointer(document: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Json)[part] : undefined), document);
}

/** The structural rules of OpenAPI 3.1 this project relies on; returns every violation found. */
function structuralProblems(document: Json): string[] {
  const problems: string[] = [];
  if (!/^3\.1\.\d+$/.test(String(document.openapi))) problems.push(`openapi is ${document.openapi}, not 3.1.x`);
  if (!document.info?.title || !document.info?.version) problems.push("info.title and info.version are required");
  const operationIds = new Set<string>();
  for (const { method, path, operation } of operationsOf(document)) {
    const where = `${method.toUpperCase()} ${path}`;
    if (!operation.responses || Object.keys(operation.responses).length === 0) problems.push(`${where} has no responses`);
    for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Json>)) {
      if (!/^[1-5]\d\d$|^default$/.test(status)) problems.push(`${where}: response key ${status}`);
      if (typeof response.description !== "string") problems.push(`${where} ${status} lacks a description`);
    }
    if (!operation.operationId || operationIds.has(operation.operationId)) problems.push(`${where}: missing or duplicate operationId`);
    operationIds.add(operation.operationId);
    const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    const declared = (operation.parameters ?? []).filter((p: Json) => p.in === "path").map((p: Json) => p.name);
    if (templated.sort().join() !== declared.sort().join()) problems.push(`${where}: path parameters ${declared} vs ${templated}`);
    for (const parameter of operation.parameters ?? []) {
      if (!["query", "path", "header", "cookie"].includes(parameter.in)) problems.push(`${where}: parameter in ${parameter.in}`);
      if (parameter.in === "path" && parameter.required !== true) problems.push(`${where}: path parameter not required`);
    }
    for (const requirement of operation.security ?? []) {
      for (const scheme of Object.keys(requirement)) {
        if (!document.components?.securitySchemes?.[scheme]) problems.push(`${where}: unknown security scheme ${scheme}`);
      }
    }
  }
  for (const ref of refsIn(document)) if (resolvePointer(document, ref) === undefined) problems.push(`unresolved $ref ${ref}`);
  return problems;
}

describe("the API reference", () => {
  let server: TestServer;
  let document: Json;

  beforeAll(async () => {
    server = await startTestServer({ LEADPORT_FORM_RATE_PER_IP: "off" });
    document = (await (await fetch(`${server.url}/openapi.json`)).json()) as Json;
  });

  afterAll(async () => {
    await server.stop();
  });

  it("serves /openapi.json and /docs without a key, with Swagger UI from the installed package", async () => {
    const docs = await fetch(`${server.url}/docs`);
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain('src="/docs/swagger-ui-bundle.js"');
    expect(html).not.toMatch(/https?:\/\//);
    const bundle = await fetch(`${server.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    expect((await fetch(`${server.url}/docs/package.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/docs/..%2Fpackage.json`)).status).toBe(404);
  });

  it("documents every route registered in the app's routers, and nothing else", () => {
    const { app, close } = buildHostApp();
    const registered = registeredRoutes(app).map((route) => `${route.method.toUpperCase()} ${openApiPath(route.path).path}`);
    close();
    const documented = operationsOf(document).map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(registered.length).toBeGreaterThan(10);
    expect(registered.filter((route) => !documented.includes(route)), "routes missing from the document").toEqual([]);
    expect(documented.filter((route) => !registered.includes(route)), "documented routes that do not exist").toEqual([]);
  });

  it("is a structurally valid OpenAPI 3.1 document", () => {
    expect(structuralProblems(document)).toEqual([]);
  });

  it("finds structural problems when they are planted (the check itself works)", () => {
    const broken = structuredClone(document);
    broken.openapi = "3.0.3";
    broken.paths["/api/v1/inquiries/{id}"].get.responses = {};
    broken.paths["/api/v1/inquiries"].post.responses["400"].content["application/problem+json"].schema = { $ref: "#/components/schemas/Nope" };
    expect(structuralProblems(broken)).toEqual([
      "openapi is 3.0.3, not 3.1.x",
      "GET /api/v1/inquiries/{id} has no responses",
      "unresolved $ref #/components/schemas/Nope",
    ]);
  });

  it("describes request bodies with the validating zod schemas (strict objects, limits, enums)", () => {
    const create = document.paths["/api/v1/inquiries"].post.requestBody.content["application/json"].schema;
    expect(create.additionalProperties).toBe(false);
    expect(create.properties.urgency.enum).toEqual(["low", "normal", "high", "urgent"]);
    expect(create.properties.title.maxLength).toBe(300);
    const list = document.paths["/api/v1/inquiries"].get.parameters.find((p: Json) => p.name === "limit");
    expect(list).toMatchObject({ in: "query", required: false, schema: { maximum: 200 } });
    const form = document.paths["/api/v1/forms/inquiry"].post.requestBody.content;
    expect(Object.keys(form)).toEqual(["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]);
    expect(form["multipart/form-data"].schema.required).toEqual(["name", "email", "message"]);
  });

  it("gives every answer with a body a schema, and refers to the shared views by $ref", () => {
    const withoutSchema: string[] = [];
    for (const { method, path, operation } of operationsOf(document)) {
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Json>)) {
          if (!media.schema || Object.keys(media.schema).length === 0) withoutSchema.push(`${method} ${path} ${status} ${type}`);
        }
      }
    }
    expect(withoutSchema).toEqual([]);
    const schemaOf = (path: string, method: string, status: number) => document.paths[path][method].responses[status].content["application/json"].schema;
    expect(schemaOf("/api/v1/inquiries/{id}", "get", 200)).toEqual({ $ref: "#/components/schemas/Inquiry" });
    expect(schemaOf("/api/v1/inquiries", "get", 200)).toEqual({ $ref: "#/components/schemas/InquiryPage" });
    const inquiry = document.components.schemas.Inquiry;
    expect(inquiry.additionalProperties).toBe(false);
    expect(inquiry.required).toEqual(expect.arrayContaining(["id", "customerId", "leadScore", "leadScoreReasons", "createdAt"]));
    expect(inquiry.properties.address).toEqual({ anyOf: [{ $ref: "#/components/schemas/Address" }, { type: "null" }] });
    expect(document.components.schemas.InquiryPage.properties.items.items).toEqual({ $ref: "#/components/schemas/Inquiry" });
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(["Problem", "Customer", "CustomerRecord", "CatalogList", "Ticket", "Order", "Attachment", "StaffMember", "Notification"]),
    );
  });

  it("shows ordinary numbers, not the safe-integer bounds, as integer examples", () => {
    const text = JSON.stringify(document);
    expect(text).not.toContain(String(Number.MIN_SAFE_INTEGER));
    expect(text).not.toContain(String(Number.MAX_SAFE_INTEGER));
    // Real bounds stay.
    expect(text).toContain(`"minimum":1,"maximum":200`);
  });

  it("names the vendor-shaped endpoints after what they are, without jargon", () => {
    const text = JSON.stringify(document);
    expect(text).not.toMatch(/seed-compatible/i);
    expect(document.paths["/api/v1/lead.php"].post.tags).toEqual(["Web-to-CRM endpoint (lead.php)"]);
    expect(document.paths["/api/v1/Projects/create"].post.tags).toEqual(["Partner lead API (Projects/create)"]);
  });

  it("accepts every documented example request on a live server", async () => {
    const publishable = (
      await runLeadport(["keys", "create", "--name", "Docs", "--publishable", "--origin", "https://www.example.org"], { LEADPORT_DATA_DIR: server.dataDir })
    ).stdout.trim().split("\n").pop()!;
    const withExamples = operationsOf(document).filter(({ operation }) => operation.requestBody);
    let sent = 0;
    for (const { method, path, operation } of withExamples) {
      const [contentType, media] = Object.entries(operation.requestBody.content as Record<string, Json>)[0]!;
      if (media.example === undefined) continue;
      expect(path, "examples need a path without parameters to run against a fresh server").not.toContain("{");
      const key = operation.security.some((s: Json) => "bearerKey" in s) ? server.key : publishable;
      const response = await fetch(`${server.url}${path}`, {
        method: method.toUpperCase(),
        headers: { "Content-Type": contentType, Accept: "application/json", "X-API-KEY": key },
        body: JSON.stringify(media.example),
      });
      expect(response.status, `${method.toUpperCase()} ${path}: ${await response.clone().text()}`).toBeGreaterThanOrEqual(200);
      expect(response.status, `${method.toUpperCase()} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
      sent += 1;
    }
    expect(sent).toBeGreaterThanOrEqual(2);
  });
});
