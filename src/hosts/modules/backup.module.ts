import { registerBackupCommands } from "../cli/backup-commands.js";
import { defineModule } from "./feature-module.js";

/** `leadport backup` and `leadport restore`: the database and the attachments in one file. */
export const backupModule = defineModule({
  name: "backup",
  cli: (program, cli) => registerBackupCommands(program, cli),
});
