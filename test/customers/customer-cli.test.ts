import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLeadport } from "../../src/hosts/library.js";
import { runLeadport } from "../support/cli.js";
import { libraryDatabase } from "../support/test-database.js";

describe("leadport customers", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let customerId: string;

  /** Files an inquiry through the library on the same database file, as another program would. */
  async function fileInquiry(title: string, contact: { name: string; email: string }): Promise<string> {
    const lp = await createLeadport(libraryDatabase(join(dir, "leadport.db")));
    try {
      const created = await lp.inquiries.create({ title, contact });
      if (!created.ok) throw new Error(created.error.message);
      return created.value.inquiry.customerId;
    } finally {
      await lp.close();
    }
  }

  // Every test starts from one customer with one inquiry in a database of its own.
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "leadport-customers-cli-"));
    env = { LEADPORT_DATA_DIR: dir };
    customerId = await fileInquiry("Bad", { name: "Erika Musterfrau", email: "erika@example.org" });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("lists, shows and edits a customer; an empty value clears a field", async () => {
    const list = await runLeadport(["customers", "list"], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${customerId}  Erika Musterfrau  erika@example.org`);

    const edit = await runLeadport(["customers", "edit", customerId, "--phone", "+49 511 4711", "--city", "Hannover", "--json"], env);
    expect(edit.code).toBe(0);
    expect(JSON.parse(edit.stdout)).toMatchObject({ phone: "+49 511 4711", address: { city: "Hannover" } });
    const cleared = await runLeadport(["customers", "edit", customerId, "--phone", "", "--json"], env);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ phone: null });

    const show = await runLeadport(["customers", "show", customerId], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/inquiry \S+ {2}\S+ {2}Bad/);
  });

  it("names the option of a bad value and exits 2; an unknown id exits 1; a customer in use is not deleted", async () => {
    const bad = await runLeadport(["customers", "edit", customerId, "--email", "nope"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--email is not a valid e-mail address");
    const missing = await runLeadport(["customers", "show", "no-such-id"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("customer not found");
    const refused = await runLeadport(["customers", "delete", customerId], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("1 inquiry");
  });

  it("lists likely duplicates with the command that merges them, and merges", async () => {
    const lp = await createLeadport(libraryDatabase(join(dir, "leadport.db")));
    const twin = await lp.inquiries.create({ title: "Zwilling", contact: { name: "Erika Musterfrau", email: "erika.m@example.org" } });
    if (!twin.ok) throw new Error(twin.error.message);
    await lp.customers.update(twin.value.inquiry.customerId, { email: "ERIKA@example.org" });
    await lp.close();
    const duplicates = await runLeadport(["customers", "duplicates"], env);
    expect(duplicates.code).toBe(0);
    expect(duplicates.stdout).toContain("same_email");
    const command = duplicates.stdout.match(/leadport (customers merge .+)$/m)?.[1];
    expect(command).toBe(`customers merge ${customerId} ${twin.value.inquiry.customerId}`);
    const merged = await runLeadport(command!.split(" "), env);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain("now 2 inquiries");
    expect((await runLeadport(["customers", "duplicates"], env)).stdout).toContain("No likely duplicates.");
  });

  it("erases a person and says what went, by count", async () => {
    // A second inquiry from the same address belongs to the same customer.
    if ((await fileInquiry("Dach", { name: "Erika Musterfrau", email: "erika@example.org" })) !== customerId) throw new Error("the second inquiry found another customer");
    const erase = await runLeadport(["customers", "erase", customerId, "--json"], env);
    expect(erase.code).toBe(0);
    expect(JSON.parse(erase.stdout)).toMatchObject({ customerId, inquiries: 2 });
    expect((await runLeadport(["customers", "show", customerId], env)).code).toBe(1);
    expect((await runLeadport(["customers", "list"], env)).stdout).toBe("No customers.\n");
  });
});
