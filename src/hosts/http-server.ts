import "reflect-metadata";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type Koa from "koa";
import type { NotificationFeed } from "../application/ports/notification-publisher.js";
import type { Clock } from "../application/ports/clock.js";
import { createHttpApp } from "../adapters/http/app.js";
import type { LeadportState } from "../adapters/http/context.js";
import type { HttpLogger } from "../adapters/http/middleware.js";
import { createLogger, scrubText } from "../adapters/log/pino-logger.js";
import { PollingWorker } from "../adapters/system/polling-worker.js";
import type { DependencyContainer } from "tsyringe";
import type { BackgroundTask, FeatureModule, HttpSettings } from "./modules/feature-module.js";
import { compose, configuredStorage, resolveUseCases, servingLockPolicy, type UseCases } from "./container.js";
import { RETENTION_SCHEDULE, type RetentionSchedule } from "./retention-schedule.js";
import { describeDatabase, publicUrlWarning, reachableUrl, type LeadportConfig } from "./config.js";
import { PACKAGE_VERSION } from "./version.js";

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  /** Stops accepting connections, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where the first-start banner and errors go; the CLI passes stdout/stderr writers. */
  readonly print?: (line: string) => void;
  readonly printError?: (line: string) => void;
  /** Tests move time by hand (e.g. to expire stream tokens); default the system clock. */
  readonly clock?: Clock;
  /** When retention runs: a minute after start, then daily, unless tests say otherwise. */
  readonly retention?: RetentionSchedule;
  /** Where the structured log's JSON lines go (tests capture them); default stdout, readable on a terminal. */
  readonly log?: (line: string) => void;
}

export async function startHttpServer(config: LeadportConfig, options: StartOptions = {}): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const printError = options.printError ?? ((line: string) => process.stderr.write(`${line}\n`));
  let worker: PollingWorker | null = null;
  const log = await createLogger({ write: options.log });
  const composition = compose({
    storage: configuredStorage(config),
    lock: servingLockPolicy(config.lockWaitMs),
    dataDir: config.dataDir,
    clock: options.clock,
    notifications: config.notifications,
    onCommit: () => worker?.nudge(),
    onFeedError: (error, context) => log.warn({ err: scrubText(String(error)) }, context),
    attachmentQuotas: config.attachmentQuotas,
    bulkLimits: config.bulkLimits,
    env: config.env,
  });
  const useCases = resolveUseCases(composition.container);
  if (composition.postgres) {
    // Before listening: instances starting together take turns on the migration lock, so the
    // schema is migrated once and none of them answers on a schema it does not know.
    try {
      await composition.database.migrate();
      // Streams opened on this instance hear of notifications any instance stores.
      await composition.notifications.listen();
    } catch (error) {
      await composition.close();
      throw error;
    }
  }

  // Known once listening; only used when LEADPORT_PUBLIC_URL is not set.
  let listeningUrl = "";
  const logger: HttpLogger = {
    error: (details, message) => log.error(details, message),
    warn: (details, message) => log.warn(details, message),
    info: (details, message) => log.info(details, message),
  };
  const http = buildHttpApp(
    useCases,
    config,
    composition.notifications.feed,
    logger,
    () => config.publicUrl ?? listeningUrl,
    () => composition.database.readiness(),
    composition,
  );
  const app = http.app;

  const server = await new Promise<Server>((resolve, reject) => {
    const listening: Server = config.tls
      ? createHttpsServer(readTls(config.tls), app.callback())
      : createHttpServer(app.callback());
    if (config.tls) {
      // Served over TLS directly: browsers should never fall back to plain HTTP for this host.
      listening.on("request", (_req, res) => res.setHeader("Strict-Transport-Security", "max-age=31536000"));
    }
    listening.once("error", reject);
    listening.listen(config.port, config.host, () => resolve(listening));
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `${config.tls ? "https" : "http"}://${host}:${address.port}`;
  // Printed examples and links name an address a person can open, never 0.0.0.0.
  const reachable = config.tls ? url : reachableUrl(address.address, address.port);
  listeningUrl = reachable;
  const linkBase = config.publicUrl ?? reachable;

  const warning = publicUrlWarning(config, linkBase);
  if (warning) printError(warning);
  const issued = await useCases.bootstrap.execute();
  if (issued.ok && issued.value) printFirstStartBanner(print, linkBase, issued.value.plainKey);
  const database = describeDatabase(config);
  print(`Leadport listening on ${url}${linkBase !== url ? `, reachable at ${linkBase}` : ""} (database ${database})`);
  log.info({ url, database, tls: config.tls !== null }, "started");

  // The outbox dispatcher runs beside the API: staff notifications and mails go out within moments.
  worker = new PollingWorker({
    pass: (signal) =>
      useCases.dispatchOutbox.execute({
        signal,
        onFailure: (failure) =>
          log.error({ messageId: failure.messageId, type: failure.type, attempt: failure.attempt, final: failure.final, err: scrubText(failure.error) }, "outbox message failed"),
      }),
    intervalMs: config.notifications.pollIntervalMs,
    onError: (error) => log.error({ err: scrubText(String(error)) }, "outbox dispatch failed"),
  });
  worker.start();

  // The retention module runs on its schedule; tests shorten it.
  if (options.retention) composition.container.registerInstance<RetentionSchedule>(RETENTION_SCHEDULE, options.retention);
  const moduleTasks: BackgroundTask[] = composition.modules.flatMap((module) =>
    module.background ? [module.background({ container: composition.container, useCases, logger })] : [],
  );

  let closing: Promise<void> | null = null;
  // Once shutting down, every answer closes its connection, so keep-alive clients do not hold
  // the shutdown until their idle timeout.
  server.on("request", (_req, res) => {
    if (closing) res.shouldKeepAlive = false;
  });
  return {
    url,
    server,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        log.info({ deadlineMs: config.shutdownTimeoutMs }, "shutting down: finishing requests in flight");
        const serverClosed = new Promise<void>((done) => server.close(() => done()));
        http.closeStreams();
        server.closeIdleConnections();
        // Requests still running at the deadline are cut; until then each one gets its answer.
        const deadline = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
        deadline.unref();
        // The message in flight is finished and marked before the database closes.
        void Promise.all([serverClosed, worker?.stop(), ...moduleTasks.map((task) => task.stop())])
          .then(async () => {
            clearTimeout(deadline);
            await composition.close();
          })
          .catch((error: unknown) => log.error({ err: scrubText(String(error)) }, "closing the database failed"))
          .finally(() => {
            log.info({}, "stopped");
            resolve();
          });
      });
      return closing;
    },
  };
}

/**
 * The HTTP app: every feature module's routers with their RouteDocs, in the order of the list;
 * the API reference and its coverage test read the same list. Without `wiring` the app serves
 * only the health checks, the start pages and the API reference.
 */
export function buildHttpApp(
  useCases: UseCases,
  config: HttpSettings,
  feed: NotificationFeed,
  logger: HttpLogger,
  /** Where clients reach the server, for addresses handed out in answers; without one they are relative. */
  publicUrl: () => string = () => config.publicUrl ?? "",
  readiness?: () => Promise<string | null> | string | null,
  /** The feature modules and the container they were registered in; their routes are mounted in the list's order. */
  wiring?: { readonly container: DependencyContainer; readonly modules: readonly FeatureModule<object>[] },
): { app: Koa<LeadportState>; closeStreams(): void } {
  const contributions = (wiring?.modules ?? []).flatMap((module) =>
    module.http ? [module.http({ container: wiring!.container, useCases, logger, publicUrl, trustProxy: config.trustProxy, settings: config, feed })] : [],
  );
  const app = createHttpApp({
    logger,
    routers: contributions.flatMap((contribution) => contribution.routers),
    routeDocs: contributions.map((contribution) => contribution.docs),
    trustProxy: config.trustProxy,
    version: PACKAGE_VERSION,
    idempotency: useCases,
    readiness,
    rateLimits: config.apiRateLimits,
    // The limiter is the app's (it runs before authentication); the rate-limits module supplies the workspaces' own figures.
    keyRates: contributions.find((contribution) => contribution.keyRates)?.keyRates,
    plainErrorPaths: new Set<string>(contributions.flatMap((contribution) => contribution.plainErrorPaths ?? [])),
  });
  return {
    app,
    closeStreams: () => {
      for (const contribution of contributions) contribution.close?.();
    },
  };
}

function readTls(files: { certFile: string; keyFile: string }): { cert: Buffer; key: Buffer } {
  const read = (name: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  };
  return { cert: read("LEADPORT_TLS_CERT", files.certFile), key: read("LEADPORT_TLS_KEY", files.keyFile) };
}

function printFirstStartBanner(print: (line: string) => void, url: string, key: string): void {
  print("");
  print('First start: created the workspace "default" and this API key. It is shown only once; store it now.');
  print("");
  print(`  ${key}`);
  print("");
  print("Try it:");
  print("");
  print(
    `  curl -s -X POST ${url}/api/v1/inquiries -H 'Authorization: Bearer ${key}' -H 'Content-Type: application/json' ` +
      `-d '{"title":"Dachsanierung","contact":{"name":"Max Mustermann","email":"max@example.org"},"expectedValue":12500}'`,
  );
  print("");
  print("Staff are notified of new inquiries, orders and tickets; add yourself to receive them:");
  print("");
  print("  npx leadport staff add --email you@example.org --name 'Your Name'");
  print("");
}
