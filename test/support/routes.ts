import type Koa from "koa";
import type Router from "@koa/router";
import { compose, resolveUseCases } from "../../src/hosts/container.js";
import { buildHttpApp } from "../../src/hosts/http-server.js";
import { readConfig } from "../../src/hosts/config.js";

export interface RegisteredRoute {
  readonly method: string;
  readonly path: string;
}

/** The app exactly as the HTTP host mounts it, on in-memory storage. */
export function buildHostApp(): { app: Koa; close: () => void } {
  const composition = compose({ storage: { kind: "memory" } });
  const { app } = buildHttpApp(resolveUseCases(composition.container), readConfig({ LEADPORT_API_RATE_PER_KEY: "off", LEADPORT_API_RATE_PER_IP: "off", LEADPORT_AUTH_FAILURES_PER_IP: "off" }), composition.notifications.feed, {
    error: () => undefined,
  }, undefined, undefined, composition);
  return { app: app as unknown as Koa, close: composition.close };
}

/** Every method + path registered in the app's Koa routers (HEAD is Koa's automatic twin of GET). */
export function registeredRoutes(app: Koa): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  for (const middleware of app.middleware) {
    const router = (middleware as { router?: Router }).router;
    if (!router) continue;
    for (const layer of router.stack) {
      for (const method of layer.methods) {
        if (method !== "HEAD") routes.push({ method: method.toLowerCase(), path: String(layer.path) });
      }
    }
  }
  return routes;
}
