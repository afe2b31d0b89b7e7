import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import Router from "@koa/router";
import { z } from "zod";
import type { LeadportState } from "../context.js";
import type { OpenApiDocument } from "./openapi-document.js";
import type { RouteDoc } from "./route-doc.js";

/** swagger-ui-dist ships its files for serving; its absolute-path helper says where they are. */
const require = createRequire(import.meta.url);
const getAbsoluteFSPath = require("swagger-ui-dist/absolute-path.js") as () => string;

/** The only files served from the package, each with its type: no directory listing, no traversal. */
/** A Map, not an object literal: `/docs/constructor` must not find Object.prototype.constructor. */
const ASSETS: ReadonlyMap<string, string> = new Map([
  ["swagger-ui.css", "text/css; charset=utf-8"],
  ["swagger-ui-bundle.js", "text/javascript; charset=utf-8"],
  ["favicon-32x32.png", "image/png"],
  ["favicon-16x16.png", "image/png"],
]);

const INIT_SCRIPT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
});
`;

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leadport API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/leadport-init.js"></script>
</body>
</html>
`;

/** The generated document and a browsable reference, served from local files (no CDN), without a key. */
export function openApiRoutes(document: OpenApiDocument): Router<LeadportState> {
  const router = new Router<LeadportState>();
  const assetDir = getAbsoluteFSPath();
  const json = JSON.stringify(document);

  router.get("/openapi.json", (ctx) => {
    ctx.type = "application/json";
    ctx.body = json;
  });

  router.get("/docs", (ctx) => {
    ctx.type = "text/html; charset=utf-8";
    ctx.body = DOCS_PAGE;
  });

  router.get("/docs/:asset", (ctx) => {
    const asset = String(ctx.params.asset);
    if (asset === "leadport-init.js") {
      ctx.type = "text/javascript; charset=utf-8";
      ctx.body = INIT_SCRIPT;
      return;
    }
    const type = ASSETS.get(asset);
    if (!type) return; // falls through to the problem handler's 404
    ctx.type = type;
    ctx.set("Cache-Control", "public, max-age=86400");
    ctx.body = createReadStream(join(assetDir, asset));
  });

  return router;
}

/** The outline of the document itself; its full schema is the OpenAPI 3.1 specification's. */
const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.looseObject({})),
  components: z.looseObject({}),
});

export const openApiRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/openapi.json",
    summary: "This API's OpenAPI 3.1 document",
    description: "Generated at start-up from the same zod schemas that validate requests.",
    tags: ["Reference"],
    auth: "none",
    responses: { 200: { description: "The OpenAPI document.", schema: OpenApiDocumentSchema } },
  },
  {
    method: "get",
    path: "/docs",
    summary: "Browsable API reference",
    tags: ["Reference"],
    auth: "none",
    responses: { 200: { description: "Swagger UI, served from the installed package.", contentType: "text/html" } },
  },
  {
    method: "get",
    path: "/docs/:asset",
    summary: "Files of the browsable reference",
    description: "swagger-ui.css, swagger-ui-bundle.js, leadport-init.js and the favicons; any other name is 404.",
    tags: ["Reference"],
    auth: "none",
    responses: {
      200: { description: "The file, with its own content type.", contentType: "*/*" },
      404: { description: "Not one of the reference's files." },
    },
  },
];
