import type { AuthenticateApiKey } from "../../application/access/authenticate-api-key.js";
import type { ListCatalog } from "../../application/catalog/list-catalog.js";
import type { CreateInquiry } from "../../application/inquiries/create-inquiry.js";
import type { ReleaseInquiry } from "../../application/inquiries/release-inquiry.js";
import type { DeleteInquiry } from "../../application/inquiries/delete-inquiry.js";
import type { GetInquiry } from "../../application/inquiries/get-inquiry.js";
import type { ListInquiries } from "../../application/inquiries/list-inquiries.js";
import type { ExportServices } from "./export-routes.js";
import type { UpdateInquiry } from "../../application/inquiries/update-inquiry.js";
import type { CustomerServices } from "./customer-routes.js";

/** The use cases the HTTP adapter drives; the host resolves them from its container. */
export interface CoreServices extends CustomerServices, ExportServices {
  readonly authenticate: AuthenticateApiKey;
  readonly createInquiry: CreateInquiry;
  readonly updateInquiry: UpdateInquiry;
  readonly deleteInquiry: DeleteInquiry;
  readonly releaseInquiry: ReleaseInquiry;
  readonly getInquiry: GetInquiry;
  readonly listInquiries: ListInquiries;
  readonly listCatalog: ListCatalog;
}
