import { emailKeyOf } from "../../domain/customer/customer.js";
import type { WorkspaceTransaction } from "../ports/unit-of-work.js";

/**
 * The existing customer a ticket or web order belongs to: found by normalised e-mail only, never
 * created. A name on a website form is too weak to file someone's message under a customer.
 */
export async function linkedCustomerId(tx: WorkspaceTransaction, email: string): Promise<string | null> {
  const key = emailKeyOf({ email });
  if (!key) return null;
  return (await tx.customers.findByEmailKey(key))?.id ?? null;
}
