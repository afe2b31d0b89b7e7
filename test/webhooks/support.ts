import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo, Socket } from "node:net";
import { ManualClock } from "../../src/adapters/system/system-clock.js";
import { SIGNATURE_HEADER, verifySignature } from "../../src/adapters/webhooks/webhook-signature.js";
import { DeliverDueWebhooks } from "../../src/application/webhooks/deliver-due-webhooks.js";
import { WEBHOOKS } from "../../src/application/webhooks/webhook-store.js";
import { TOKENS } from "../../src/application/tokens.js";
import type { UnitOfWork } from "../../src/application/ports/unit-of-work.js";
import { ok } from "../../src/domain/shared/result.js";
import type { WebhookDelivery } from "../../src/domain/webhook/delivery.js";
import { compose, resolveUseCases, type StorageChoice } from "../../src/hosts/container.js";

export interface ReceivedRequest {
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
  /** Parsed body; tests read it loosely. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
  readonly status: number;
}

/** What the receiver answers to the n-th request (0-based); `hang` never answers. */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | "hang";

/** A webhook receiver on a free local port that records every request and answers by a rule. */
export async function startReceiver(answer: (index: number, request: { body: string }) => Answer = () => ({ status: 200 })) {
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const reply = answer(received.length, { body });
      received.push({ headers: req.headers, body, json: JSON.parse(body || "null"), status: reply === "hang" ? 0 : reply.status });
      if (reply === "hang") return;
      res.writeHead(reply.status, { "Content-Type": "text/plain", ...reply.headers });
      res.end(reply.body ?? "");
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    /** Whether every request carries a valid signature of its body with this secret, as of `nowSeconds`. */
    allSigned(secret: string, nowSeconds: number) {
      return received.every((request) => verifySignature(secret, String(request.headers[SIGNATURE_HEADER.toLowerCase()]), request.body, nowSeconds));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A composition with webhooks to local receivers allowed, a manual clock and short timeouts. */
export function webhookSetup(env: NodeJS.ProcessEnv = {}, storage: StorageChoice = { kind: "memory" }) {
  const clock = new ManualClock(new Date("2026-11-25T09:00:00.000Z"));
  // Staff mail (.eml files without SMTP) goes here, not into the working directory.
  const dataDir = mkdtempSync(join(tmpdir(), "leadport-webhook-data-"));
  const composition = compose({
    storage,
    clock,
    dataDir,
    env: { LEADPORT_WEBHOOK_ALLOW_PRIVATE_TARGETS: "true", LEADPORT_WEBHOOK_TIMEOUT_MS: "300", ...env },
  });
  const useCases = resolveUseCases(composition.container);
  const uow = composition.container.resolve<UnitOfWork>(TOKENS.UnitOfWork);
  const deliver = composition.container.resolve(DeliverDueWebhooks);
  return {
    clock,
    dataDir,
    composition,
    useCases,
    container: composition.container,
    /** Queues deliveries for what the use cases recorded, then sends what is due. */
    async pump() {
      await useCases.dispatchOutbox.execute();
      const report = await deliver.execute();
      if (!report.ok) throw new Error("delivery pass failed");
      return report.value;
    },
    async deliveries(workspaceId: string, subscriptionId: string): Promise<readonly WebhookDelivery[]> {
      const found = await uow.read(workspaceId, async (tx) => ok(await tx.use(WEBHOOKS).deliveries.list(subscriptionId, { limit: 1000 })));
      return found.ok ? found.value : [];
    },
    /** Moves the clock to the earliest pending delivery's next attempt; false when none is pending. */
    async advanceToNextAttempt(workspaceId: string, subscriptionId: string): Promise<boolean> {
      const pending = (await this.deliveries(workspaceId, subscriptionId)).filter((d) => d.status === "pending");
      if (pending.length === 0) return false;
      // Deliveries held back behind an earlier one of their record look due; the retries decide.
      const waiting = pending.map((d) => Date.parse(d.nextAttemptAt)).filter((at) => at > clock.now().getTime());
      if (waiting.length > 0) clock.set(new Date(Math.min(...waiting)));
      return true;
    },
    close: () => {
      composition.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function workspace(useCases: ReturnType<typeof resolveUseCases>, name = "default"): Promise<string> {
  const opened = await useCases.openWorkspace.execute(name);
  if (!opened.ok) throw new Error(`workspace ${name}`);
  return opened.value.workspace.id;
}

/** Lets webhooks go to this machine's receivers and polls fast, for the end-to-end tests. */
export const LOCAL_WEBHOOKS_ENV = { LEADPORT_WEBHOOK_ALLOW_PRIVATE_TARGETS: "true", LEADPORT_WEBHOOK_POLL_MS: "20", LEADPORT_OUTBOX_POLL_MS: "20" };

/** The probe's first truthy value, polled every 20 ms; fails naming `what` after the timeout. */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
