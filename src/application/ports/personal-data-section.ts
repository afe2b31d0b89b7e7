import type { Customer } from "../../domain/customer/customer.js";
import type { RetentionCutoffs, RetentionPolicy } from "../../domain/workspace/retention.js";
import type { WorkspaceTransaction } from "./unit-of-work.js";

/**
 * A feature's share of what is held about a person. The core's export (Art. 15/20), erasure
 * (Art. 17) and retention know only the core's records; each feature that stores personal data
 * of its own contributes a section, and the core calls it inside its own transaction, so a
 * person's data leaves (or is exported) all at once or not at all.
 *
 * Rows go through `tx`; files (stored mail copies) are named in the answer and removed by the
 * core after commit, exactly like its own, and again by the outbox if the process stopped.
 */
export interface PersonalDataSection {
  /** The key of the section in the export and in the counts, e.g. "surveys". Unique. */
  readonly name: string;
  /**
   * What the feature holds about the person (their customer record, and the customers merged into
   * it: `customer.mergedFrom`), as plain JSON data; null when it holds nothing about them.
   */
  gather(tx: WorkspaceTransaction, customer: Customer): Promise<Readonly<Record<string, unknown>> | null>;
  /** Deletes (or strips of personal data) what the feature holds about the person. */
  erase(tx: WorkspaceTransaction, customer: Customer): Promise<SectionRemoval>;
  /** Deletes what is past the workspace's retention periods; with `dryRun` only counts it. */
  applyRetention?(tx: WorkspaceTransaction, run: RetentionRun): Promise<SectionRemoval>;
}

export interface RetentionRun {
  readonly policy: RetentionPolicy;
  /** The policy's periods as moments (null: kept for good), computed once for the core and every feature. */
  readonly cutoffs: RetentionCutoffs;
  readonly now: Date;
  readonly dryRun: boolean;
}

/** What a section removed, by count only (it ends up in events and reports: no personal data). */
export interface SectionRemoval {
  readonly counts: Readonly<Record<string, number>>;
  /** Message-IDs of stored mail copies (.eml) that go with the removed rows, after commit. */
  readonly mailMessageIds?: readonly string[];
}

/** Counts by section name, as reports and events carry them. */
export type SectionCounts = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** Every feature's section, in the order of the feature modules. */
export type PersonalDataSections = readonly PersonalDataSection[];
