import { FileTypeSniffer } from "../../adapters/blobs/file-type-sniffer.js";
import { DeleteAttachmentBlobs } from "../../application/attachments/delete-attachment-blobs.js";
import { TOKENS } from "../../application/tokens.js";
import type { WebLeadInput, WebLeadReceipt } from "../../application/intake/web-lead.js";
import type { ListOrdersInput } from "../../application/orders/orders.js";
import { toOrderView, type OrderView } from "../../application/orders/order-view.js";
import type { ListTicketsInput } from "../../application/tickets/tickets.js";
import { toTicketView, type TicketView } from "../../application/tickets/ticket-view.js";
import { intakeRouteDocs, intakeRouters } from "../../adapters/http/intake-routes.js";
import { PARTNER_PROJECT_PATH, WEB_LEAD_PATHS } from "../../adapters/http/vendor-compatible-routes.js";
import type { Failure } from "../../domain/shared/failure.js";
import type { Result } from "../../domain/shared/result.js";
import { bindAttachments, type LibraryAttachments } from "../library-attachments.js";
import { defineModule } from "./feature-module.js";
import { mapResult } from "./library-results.js";

export interface IntakeLibrary {
  /** A website's ticket or web order, with the rules of the web-to-CRM endpoint. */
  readonly webLeads: { submit(input: WebLeadInput): Promise<Result<WebLeadReceipt, Failure>> };
  readonly tickets: {
    list(query?: ListTicketsInput): Promise<Result<{ items: TicketView[]; nextCursor: string | null }, Failure>>;
    get(id: string): Promise<Result<TicketView, Failure>>;
    close(id: string): Promise<Result<TicketView, Failure>>;
  };
  readonly orders: {
    list(query?: ListOrdersInput): Promise<Result<{ items: OrderView[]; nextCursor: string | null }, Failure>>;
    get(id: string): Promise<Result<OrderView, Failure>>;
    accept(id: string): Promise<Result<OrderView, Failure>>;
    reject(id: string): Promise<Result<OrderView, Failure>>;
  };
  /** Files of an inquiry. Deleting the inquiry deletes them; the files go on the next `outbox.runOnce()`. */
  readonly attachments: LibraryAttachments;
}

/**
 * What websites and partner systems send besides the native API: tickets, web orders, the
 * vendor-compatible web-lead and partner-project endpoints, and files attached to inquiries.
 */
export const intakeModule = defineModule({
  name: "intake",
  // The files themselves go to the shared blob store (compose()): erasure, retention and backup use it too.
  register: (container, setup) => {
    container.registerInstance(TOKENS.AttachmentQuotas, setup.attachmentQuotas);
    container.registerInstance(TOKENS.ContentSniffer, new FileTypeSniffer());
  },
  outboxHandlers: (container) => [container.resolve(DeleteAttachmentBlobs)],
  http: ({ useCases, settings, logger }) => ({
    routers: intakeRouters({ services: useCases, limits: settings.attachmentLimits, logger }),
    docs: intakeRouteDocs,
    plainErrorPaths: [...WEB_LEAD_PATHS, PARTNER_PROJECT_PATH],
  }),
  library: ({ useCases, workspaceId: id }): IntakeLibrary => ({
    webLeads: { submit: (input) => useCases.submitWebLead.execute(id, input) },
    tickets: {
      list: async (query) =>
        mapResult(await useCases.listTickets.execute(id, query), (p) => ({ items: p.items.map(toTicketView), nextCursor: p.nextCursor })),
      get: async (ticketId) => mapResult(await useCases.getTicket.execute(id, ticketId), toTicketView),
      close: async (ticketId) => mapResult(await useCases.closeTicket.execute(id, ticketId), toTicketView),
    },
    orders: {
      list: async (query) =>
        mapResult(await useCases.listOrders.execute(id, query), (p) => ({ items: p.items.map(toOrderView), nextCursor: p.nextCursor })),
      get: async (orderId) => mapResult(await useCases.getOrder.execute(id, orderId), toOrderView),
      accept: async (orderId) => mapResult(await useCases.acceptOrder.execute(id, orderId), toOrderView),
      reject: async (orderId) => mapResult(await useCases.rejectOrder.execute(id, orderId), toOrderView),
    },
    attachments: bindAttachments(useCases, id),
  }),
});
