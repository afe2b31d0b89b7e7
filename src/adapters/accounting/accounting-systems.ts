import type { AccountingSystem, AccountingSystems } from "../../application/accounting/accounting-system.js";
import type { AccountingConnection, AccountingProvider } from "../../domain/accounting/accounting-sync.js";
import { FileAccounting } from "./file/file-accounting.js";
import { LexofficeAccounting, LexofficePacers, type LexofficeSettings } from "./lexoffice/lexoffice-accounting.js";

/**
 * Opens the adapter of a connection's provider. A further system (sevDesk, bexio, Qonto) is one
 * adapter file implementing AccountingSystem, one provider name and one case here
 * (docs/accounting.md).
 */
export class ProviderAccountingSystems implements AccountingSystems {
  readonly providers: readonly AccountingProvider[] = ["lexoffice", "file"];
  private readonly pacers: LexofficePacers;

  constructor(private readonly settings: { readonly dataDir: string; readonly lexoffice: LexofficeSettings }) {
    this.pacers = new LexofficePacers(settings.lexoffice);
  }

  open(connection: Pick<AccountingConnection, "provider" | "token" | "workspaceId">): AccountingSystem {
    switch (connection.provider) {
      case "lexoffice": {
        const token = connection.token ?? "";
        return new LexofficeAccounting(token, this.settings.lexoffice, this.pacers.forToken(token));
      }
      case "file":
        return new FileAccounting(this.settings.dataDir, connection.workspaceId);
    }
  }
}
