import { z } from "zod";
import type { RouteDoc } from "../openapi/route-doc.js";

/*
 * The record pages are HTML for people, not API: they are listed here only so the reference
 * names every route the server answers (as /docs is), under their own tag.
 */

const html = (description: string) => ({ description, contentType: "text/html" });

const PageQuery = z.strictObject({
  t: z.string().describe("The signed link from the notification (rl1.…): names the staff member, the record and the expiry."),
  done: z.string().optional().describe("The action just carried out, for the confirmation line."),
});

const PageAction = z.strictObject({
  t: z.string().describe("The signed link; it is the form's CSRF token as well."),
  action: z.enum(["status", "assignee", "comment", "accept", "reject", "close"]),
  value: z.string().optional().describe("The new status, or the assignee's e-mail (empty: nobody)."),
  comment: z.string().optional(),
});

const TAGS = ["Record pages"];

export const recordPageRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/app/:section/:id",
    summary: "A record's page behind a notification link",
    description:
      "`section` is inquiries, orders or tickets. Opens without an API key for the staff member the link was signed for, " +
      "until it expires (LEADPORT_LINK_TTL_DAYS). HTML in the workspace's language.",
    tags: TAGS,
    auth: "none",
    query: PageQuery,
    responses: {
      200: html("The record with its main actions."),
      403: html("The link is altered, for another record, or its staff member has left."),
      404: html("The record no longer exists."),
      410: html("The link has expired."),
    },
  },
  {
    method: "post",
    path: "/app/:section/:id",
    summary: "An action from a record's page",
    description:
      "Change an inquiry's status or assignee, add a comment, accept or reject an order, close a ticket. Only from the page " +
      "itself (same origin), with the signed link in the form body.",
    tags: TAGS,
    auth: "none",
    body: PageAction,
    bodyContentTypes: ["application/x-www-form-urlencoded"],
    responses: {
      303: { description: "Done: back to the page, with a confirmation." },
      400: html("The action is not possible (e.g. an unknown status)."),
      403: html("Not from the page itself, or the link is not valid."),
      409: html("Already done (an order already decided, a ticket already closed)."),
      410: html("The link has expired."),
    },
  },
  {
    method: "get",
    path: "/app/page.css",
    summary: "The record pages' style sheet",
    tags: TAGS,
    auth: "none",
    responses: { 200: { description: "CSS.", contentType: "text/css" } },
  },
];
