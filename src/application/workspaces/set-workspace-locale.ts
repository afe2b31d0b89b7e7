import { inject, injectable } from "tsyringe";
import type { Failure } from "../../domain/shared/failure.js";
import { invalid, notFound } from "../../domain/shared/failure.js";
import { err, ok, type Result } from "../../domain/shared/result.js";
import { type Workspace } from "../../domain/workspace/workspace.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { TOKENS } from "../tokens.js";
import { LOCALES, isLocale } from "./workspaces.js";

/** The language of the workspace's notifications (and later of its other texts). */
@injectable()
export class SetWorkspaceLocale {
  constructor(@inject(TOKENS.UnitOfWork) private readonly uow: UnitOfWork) {}

  async execute(nameOrId: string, locale: string): Promise<Result<Workspace, Failure>> {
    if (!isLocale(locale)) return err(invalid("locale", `must be one of ${LOCALES.join(", ")}`));
    return this.uow.runSystem(async (tx) => {
      const workspace = (await tx.workspaces.findByName(nameOrId)) ?? (await tx.workspaces.findById(nameOrId));
      if (!workspace) return err(notFound(`workspace "${nameOrId}"`));
      const updated = { ...workspace, locale };
      await tx.workspaces.update(updated);
      return ok(updated);
    });
  }
}
