import { readFileSync } from "node:fs";

/** The package version, read from package.json two folders up (the same from src/hosts and dist/hosts). */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
