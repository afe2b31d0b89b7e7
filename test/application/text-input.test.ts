import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { CreateInquiry } from "../../src/application/inquiries/create-inquiry.js";
import { CreateWorkspace } from "../../src/application/workspaces/create-workspace.js";
import { MemoryUnitOfWork } from "../../src/adapters/memory/memory-unit-of-work.js";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { UuidV7Ids } from "../../src/adapters/system/uuid-v7-ids.js";
import { z } from "zod";
import { multiLine, singleLine } from "../../src/application/shared/text-input.js";

describe("control characters in text input", () => {
  let create: CreateInquiry;
  let ws: string;

  beforeEach(async () => {
    const uow = new MemoryUnitOfWork();
    const clock = new ManualClock();
    const ids = new UuidV7Ids();
    create = new CreateInquiry(uow, clock, ids);
    const workspace = await new CreateWorkspace(uow, clock, ids).execute("handwerk");
    if (!workspace.ok) throw new Error("no workspace");
    ws = workspace.value.id;
  });

  it("refuses NUL in a name and a bidi override in a title, naming each field", async () => {
    const result = await create.execute(ws, { title: "Dach\u202Egnuhcsnaiwe", contact: { name: "Max\u0000Muster", email: "max@example.org" } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.issues?.map((issue) => issue.path).sort()).toEqual(["contact.name", "title"]);
  });

  it("turns line breaks and tabs in single-line fields into a space, and keeps them in notes", async () => {
    const result = await create.execute(ws, {
      title: "Dach\r\nsanierung",
      contact: { name: "Max\tMuster", email: "max@example.org" },
      address: { street: "Am Markt\n1" },
      notes: "Zeile 1\r\nZeile 2\tEnde",
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.inquiry).toMatchObject({
      title: "Dach sanierung",
      contact: { name: "Max Muster" },
      address: { street: "Am Markt 1" },
      notes: "Zeile 1\r\nZeile 2\tEnde",
    });
  });

  it("refuses NUL in notes", async () => {
    const result = await create.execute(ws, { contact: { name: "Max", email: "max@example.org" }, notes: "a\u0000b" });
    expect(!result.ok && result.error.issues?.[0]?.path).toBe("notes");
  });

  it("never lets a control character other than tab, CR and LF through either kind of field", () => {
    const single = singleLine(z.string());
    const multi = multiLine(z.string());
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const one = single.safeParse(text);
        if (one.success) expect(one.data).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        const many = multi.safeParse(text);
        if (many.success) expect(many.data).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
      }),
    );
  });
});
