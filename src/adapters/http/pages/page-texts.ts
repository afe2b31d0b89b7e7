import type { Locale } from "../../../domain/workspace/workspace.js";

/** Every word the record pages show, per workspace language. */
export interface PageTexts {
  readonly inquiry: string;
  readonly order: string;
  readonly ticket: string;
  readonly customer: string;
  readonly phone: string;
  readonly email: string;
  readonly address: string;
  readonly projectAddress: string;
  readonly message: string;
  readonly urgency: string;
  readonly urgencies: Readonly<Record<string, string>>;
  readonly desiredStart: string;
  readonly followUp: string;
  readonly value: string;
  readonly source: string;
  readonly status: string;
  readonly assignee: string;
  readonly nobody: string;
  readonly score: string;
  readonly scoreOf: (score: number, word: string) => string;
  readonly points: (points: number) => string;
  readonly logbook: string;
  readonly noEntries: string;
  readonly changeStatus: string;
  readonly changeAssignee: string;
  readonly addComment: string;
  readonly save: string;
  readonly total: string;
  readonly subject: string;
  readonly accept: string;
  readonly reject: string;
  readonly close: string;
  readonly orderStatuses: Readonly<Record<string, string>>;
  readonly ticketStatuses: Readonly<Record<string, string>>;
  readonly signedInAs: (name: string, until: string) => string;
  readonly done: Readonly<Record<string, string>>;
  readonly date: (isoDate: string) => string;
  readonly timestamp: (iso: string) => string;
  readonly system: string;
}

const germanDate = (date: string) => date.replace(/^(\d{4})-(\d{2})-(\d{2}).*$/, "$3.$2.$1");

export const PAGE_TEXTS: Readonly<Record<Locale, PageTexts>> = {
  de: {
    inquiry: "Anfrage",
    order: "Web-Bestellung",
    ticket: "Ticket",
    customer: "Kunde",
    phone: "Telefon",
    email: "E-Mail",
    address: "Adresse",
    projectAddress: "Einsatzort",
    message: "Nachricht",
    urgency: "Dringlichkeit",
    urgencies: { low: "niedrig", normal: "normal", high: "hoch", urgent: "dringend" },
    desiredStart: "Wunschtermin",
    followUp: "Wiedervorlage",
    value: "Wert",
    source: "Quelle",
    status: "Status",
    assignee: "Zuständig",
    nobody: "niemand",
    score: "Lead-Score",
    scoreOf: (score, word) => `${score} von 100 (${word})`,
    points: (points) => `${points} ${points === 1 ? "Punkt" : "Punkte"}`,
    logbook: "Verlauf",
    noEntries: "Noch keine Einträge.",
    changeStatus: "Status ändern",
    changeAssignee: "Zuständigkeit ändern",
    addComment: "Kommentar hinzufügen",
    save: "Speichern",
    total: "Summe",
    subject: "Betreff",
    accept: "Annehmen",
    reject: "Ablehnen",
    close: "Ticket schließen",
    orderStatuses: { new: "neu", accepted: "angenommen", rejected: "abgelehnt" },
    ticketStatuses: { open: "offen", closed: "geschlossen" },
    signedInAs: (name, until) => `Geöffnet als ${name}. Dieser Link gilt bis ${until}.`,
    done: {
      status: "Der Status wurde geändert.",
      assignee: "Die Zuständigkeit wurde geändert.",
      comment: "Der Kommentar wurde gespeichert.",
      accept: "Die Bestellung wurde angenommen.",
      reject: "Die Bestellung wurde abgelehnt.",
      close: "Das Ticket wurde geschlossen.",
    },
    date: germanDate,
    timestamp: (iso) => `${germanDate(iso)} ${iso.slice(11, 16)} UTC`,
    system: "System",
  },
  en: {
    inquiry: "Inquiry",
    order: "Web order",
    ticket: "Ticket",
    customer: "Customer",
    phone: "Phone",
    email: "E-mail",
    address: "Address",
    projectAddress: "Job site",
    message: "Message",
    urgency: "Urgency",
    urgencies: { low: "low", normal: "normal", high: "high", urgent: "urgent" },
    desiredStart: "Desired start",
    followUp: "Follow-up",
    value: "Value",
    source: "Source",
    status: "Status",
    assignee: "Assignee",
    nobody: "nobody",
    score: "Lead score",
    scoreOf: (score, word) => `${score} of 100 (${word})`,
    points: (points) => `${points} ${points === 1 ? "point" : "points"}`,
    logbook: "History",
    noEntries: "No entries yet.",
    changeStatus: "Change status",
    changeAssignee: "Change assignee",
    addComment: "Add a comment",
    save: "Save",
    total: "Total",
    subject: "Subject",
    accept: "Accept",
    reject: "Reject",
    close: "Close ticket",
    orderStatuses: { new: "new", accepted: "accepted", rejected: "rejected" },
    ticketStatuses: { open: "open", closed: "closed" },
    signedInAs: (name, until) => `Opened as ${name}. This link is valid until ${until}.`,
    done: {
      status: "The status has been changed.",
      assignee: "The assignee has been changed.",
      comment: "The comment has been saved.",
      accept: "The order has been accepted.",
      reject: "The order has been rejected.",
      close: "The ticket has been closed.",
    },
    date: (date) => date.slice(0, 10),
    timestamp: (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`,
    system: "system",
  },
};

/** What a refused link or a failed action says; these pages may be seen before the workspace is known. */
export interface RefusalText {
  readonly title: string;
  readonly text: string;
}

export const REFUSALS: Readonly<Record<string, { readonly de: RefusalText; readonly en: RefusalText }>> = {
  invalid: {
    de: { title: "Link ungültig", text: "Dieser Link ist nicht gültig oder wurde verändert. Bitte öffnen Sie den Link aus der Benachrichtigung erneut." },
    en: { title: "Invalid link", text: "This link is not valid or has been altered. Please open the link from the notification again." },
  },
  other_record: {
    de: { title: "Link passt nicht", text: "Dieser Link gehört zu einem anderen Eintrag. Bitte öffnen Sie den Link aus der Benachrichtigung erneut." },
    en: { title: "Link does not match", text: "This link belongs to another record. Please open the link from the notification again." },
  },
  staff_gone: {
    de: { title: "Kein Zugriff", text: "Der Mitarbeiter, für den dieser Link ausgestellt wurde, ist nicht mehr eingetragen." },
    en: { title: "No access", text: "The staff member this link was issued to is no longer on the staff." },
  },
  expired: {
    de: { title: "Link abgelaufen", text: "Dieser Link ist abgelaufen. Neuere Benachrichtigungen enthalten einen gültigen Link." },
    en: { title: "Link expired", text: "This link has expired. Newer notifications carry a valid link." },
  },
  not_found: {
    de: { title: "Nicht gefunden", text: "Diesen Eintrag gibt es nicht mehr." },
    en: { title: "Not found", text: "This record no longer exists." },
  },
  cross_origin: {
    de: { title: "Nicht erlaubt", text: "Diese Aktion kann nur von der Seite selbst ausgelöst werden." },
    en: { title: "Not allowed", text: "This action can only be sent from the page itself." },
  },
  bad_request: {
    de: { title: "Nicht möglich", text: "Diese Aktion konnte nicht ausgeführt werden." },
    en: { title: "Not possible", text: "This action could not be carried out." },
  },
};
