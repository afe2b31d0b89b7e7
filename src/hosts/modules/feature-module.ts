import type Router from "@koa/router";
import type { Command } from "commander";
import type { DependencyContainer } from "tsyringe";
import type { LeadportState } from "../../adapters/http/context.js";
import type { HttpLogger } from "../../adapters/http/middleware.js";
import type { RouteDoc } from "../../adapters/http/openapi/route-doc.js";
import type { WorkspaceKeyRates } from "../../adapters/http/workspace-key-rates.js";
import type { MemoryFeatureStorage } from "../../adapters/memory/feature-storage.js";
import type { SqliteFeatureStorage } from "../../adapters/sqlite/feature-storage.js";
import type { PostgresFeatureStorage } from "../../adapters/postgres/feature-storage.js";
import type { AttachmentQuotas } from "../../application/attachments/attachments.js";
import type { OutboxHandler } from "../../application/outbox/outbox-handler.js";
import type { PersonalDataSection } from "../../application/ports/personal-data-section.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { NotificationFeed } from "../../application/ports/notification-publisher.js";
import type { UseCases } from "../container.js";
import type { LeadportConfig } from "../config.js";
import type { NotificationConfig } from "../notification-config.js";

/**
 * One feature, declared in one place: its storage, its adapters and use cases, its outbox
 * handlers, its HTTP routes with their API docs, its commands, its library section and its
 * background work. The hosts iterate over FEATURE_MODULES (./index.ts); adding a feature adds one
 * entry there and its own files. docs/adr/0013-one-module-per-feature.md, docs/adding-a-feature.md.
 *
 * Every part is optional: a feature has only what it offers.
 */
export interface FeatureModule<Library extends object = object> {
  /** Unique, lower case; also the name of its migration history. */
  readonly name: string;
  /** Its repositories for each storage adapter (the same stores, contract-tested against both). */
  readonly storage?: { readonly sqlite: SqliteFeatureStorage; readonly memory: MemoryFeatureStorage; readonly postgres?: PostgresFeatureStorage };
  /**
   * Binds the feature's adapters and settings to its tokens. Reads its own environment variables
   * from `setup.env` and throws ModuleConfigError with the variable's name on a bad value.
   */
  readonly register?: (container: DependencyContainer, setup: ModuleSetup) => void;
  /** Consumers of outbox events; resolved when the dispatcher is built. */
  readonly outboxHandlers?: (container: DependencyContainer) => readonly OutboxHandler[];
  /**
   * The feature's share of a person's data: exported, erased and kept to the retention periods in
   * the same transaction as the core's records. Every feature that stores personal data has one.
   */
  readonly personalData?: (container: DependencyContainer) => PersonalDataSection;
  readonly http?: (context: HttpModuleContext) => HttpContribution;
  readonly cli?: (program: Command, context: CliModuleContext) => void;
  /** The feature's section of a workspace in the library (`lp.<section>`). */
  readonly library?: (context: LibraryModuleContext) => Library;
  /** Work the server runs beside requests (timers, polling); stopped on shutdown. */
  readonly background?: (context: BackgroundContext) => BackgroundTask;
}

/** Keeps a module's library type when it is put into the list. */
export function defineModule<Library extends object = object>(module: FeatureModule<Library>): FeatureModule<Library> {
  return module;
}

export interface ModuleSetup {
  readonly env: NodeJS.ProcessEnv;
  /** Where files live (attachments, mail, exports). */
  readonly dataDir: string;
  readonly storage: "sqlite" | "memory" | "postgres";
  /** Mail settings and the public address links in mails point to. */
  readonly notifications: NotificationConfig;
  /**
   * Attachments per inquiry and bytes per workspace: the server's LEADPORT_ATTACHMENTS_PER_INQUIRY
   * and LEADPORT_WORKSPACE_ATTACHMENT_BYTES (read with its other settings in config.ts), the
   * defaults for the CLI and the library.
   */
  readonly attachmentQuotas: AttachmentQuotas;
}

/** A module's environment variable has a value it cannot use; the hosts print it and stop. */
export class ModuleConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModuleConfigError";
  }
}

export interface HttpContribution {
  readonly routers: ReadonlyArray<Router<LeadportState>>;
  /** The routes' API reference entries; a test fails on an undocumented route. */
  readonly docs: readonly RouteDoc[];
  /** Paths answering in a vendor's own error shape (not problem+json). */
  readonly plainErrorPaths?: readonly string[];
  /** Closes long-lived responses (streams) on shutdown. */
  readonly close?: () => void;
  /**
   * The workspaces' own per-key rates, for the app's API rate limiter. The limiter runs before
   * authentication and so before every router; it is the app's, and this is how the module that
   * owns the setting (rate-limits) gives it the figures.
   */
  readonly keyRates?: WorkspaceKeyRates;
}

export interface HttpModuleContext {
  readonly container: DependencyContainer;
  readonly useCases: UseCases;
  readonly logger: HttpLogger;
  /** Where clients reach the server, for addresses in answers. */
  readonly publicUrl: () => string;
  readonly trustProxy: number;
  /** The server's settings that shape answers (limits, form rules); a module reads only its own. */
  readonly settings: HttpSettings;
  /** Live notifications for streams (server-sent events). */
  readonly feed: NotificationFeed;
}

/** The part of the server's configuration the HTTP app is built from. */
export type HttpSettings = Pick<
  LeadportConfig,
  "formRatePerIp" | "formRatePerKey" | "formRequireConsent" | "spamRules" | "trustProxy" | "attachmentLimits" | "notificationStreams" | "publicUrl" | "apiRateLimits"
>;

export interface CliModuleContext {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** The environment the command runs in (settings a command reads itself). */
  readonly env: NodeJS.ProcessEnv;
  /** The settings from the environment and the global options (--db, --data-dir). */
  readonly config: () => LeadportConfig;
  /** Opens the database for one command and always closes it. */
  withUseCases<T>(work: (useCases: UseCases, container: DependencyContainer) => Promise<T>): Promise<T>;
  /** The workspace by name or id, by the one rule of all hosts (a fresh database gets "default"). */
  workspaceId(useCases: UseCases, nameOrId: string): Promise<string>;
  /** The value of an ok result; a failure ends the command with its exit code (cli/exit-codes.ts). */
  orFail<T>(result: { ok: true; value: T } | { ok: false; error: Failure }): T;
  fail(message: string, exitCode: number): never;
}

export interface LibraryModuleContext {
  readonly container: DependencyContainer;
  readonly useCases: UseCases;
  readonly workspaceId: string;
}

export interface BackgroundContext {
  readonly container: DependencyContainer;
  readonly useCases: UseCases;
  readonly logger: HttpLogger;
}

export interface BackgroundTask {
  /** Lets work in progress finish, then stops. */
  stop(): Promise<void>;
}

type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/** The library sections of a list of modules, merged into one type. */
export type LibrarySections<Modules extends readonly FeatureModule<object>[]> = UnionToIntersection<
  Modules[number] extends infer M ? (M extends FeatureModule<infer L> ? L : never) : never
>;
