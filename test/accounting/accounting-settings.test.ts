import { describe, expect, it } from "vitest";
import { readLexofficeSettings } from "../../src/hosts/modules/accounting.module.js";

describe("the accounting settings", () => {
  it("refuse a Lexware Office address that is not http(s) and a timeout that is not a positive number, naming the variable", () => {
    expect(() => readLexofficeSettings({ LEADPORT_LEXOFFICE_URL: "ftp://proxy" })).toThrow(/LEADPORT_LEXOFFICE_URL/);
    expect(() => readLexofficeSettings({ LEADPORT_LEXOFFICE_TIMEOUT_MS: "soon" })).toThrow(/LEADPORT_LEXOFFICE_TIMEOUT_MS/);
    expect(readLexofficeSettings({ LEADPORT_LEXOFFICE_URL: "http://127.0.0.1:9/" })).toMatchObject({ baseUrl: "http://127.0.0.1:9/", timeoutMs: 15_000, requestsPerSecond: 2 });
  });
});
