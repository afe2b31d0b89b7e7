import { join, resolve } from "node:path";
import { readNotificationConfig, type NotificationConfig } from "./notification-config.js";

export interface LeadportConfig {
  readonly dataDir: string;
  /** SQLite file path, or ":memory:". */
  readonly database: string;
  readonly port: number;
  readonly host: string;
  readonly notifications: NotificationConfig;
}

export interface ConfigOverrides {
  readonly db?: string;
  readonly dataDir?: string;
  readonly port?: number | string;
  readonly host?: string;
}

/** Environment first, then command-line overrides; every default is usable on a fresh clone. */
export function readConfig(env: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): LeadportConfig {
  const dataDir = resolve(overrides.dataDir ?? env.LEADPORT_DATA_DIR ?? "./data");
  const database = overrides.db ?? env.LEADPORT_DB ?? join(dataDir, "leadport.db");
  const port = Number(overrides.port ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be 0-65535, got "${overrides.port ?? env.PORT}"`);
  const host = overrides.host ?? env.HOST ?? "127.0.0.1";
  return {
    dataDir,
    database: database === ":memory:" ? database : resolve(database),
    port,
    host,
    notifications: readNotificationConfig(env, dataDir, host, port),
  };
}

export class ConfigError extends Error {}
