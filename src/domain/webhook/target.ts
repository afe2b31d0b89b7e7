import type { FieldIssue } from "../shared/failure.js";

/**
 * Where a webhook may be sent. A target inside the server's own network is a way to make the
 * server call services it can reach and the subscriber cannot (SSRF), so addresses are classified
 * and only public ones are allowed unless the operator allows the private ones.
 */
export type AddressKind = "public" | "loopback" | "private" | "link_local" | "metadata" | "unspecified" | "multicast";

/** What the operator allows beyond public addresses (LEADPORT_WEBHOOK_ALLOW_PRIVATE_TARGETS). */
export interface TargetPolicy {
  /** Loopback, private (RFC 1918, unique local) and link-local addresses, and plain http to them. */
  readonly allowPrivate: boolean;
}

export const MAX_URL_LENGTH = 2048;

/** The cloud metadata services: never a target, whatever the operator allows. */
const METADATA_V4 = new Set(["169.254.169.254", "169.254.170.2", "100.100.100.200"]);

export function classifyAddress(address: string): AddressKind {
  const v6 = address.toLowerCase().replace(/^\[|\]$/g, "");
  // An IPv4 address inside IPv6 (mapped ::ffff:, or NAT64 64:ff9b::) reaches the IPv4 host: judge that one.
  const embedded = embeddedIpv4(v6);
  const v4text = embedded ?? v6;
  const v4 = parseIpv4(v4text);
  if (v4) return classifyIpv4(v4, v4text);
  if (v6 === "::1") return "loopback";
  if (v6 === "::") return "unspecified";
  if (v6 === "fd00:ec2::254") return "metadata";
  if (/^fe[89ab][0-9a-f]:/.test(v6)) return "link_local";
  if (/^f[cd][0-9a-f]{2}:/.test(v6)) return "private";
  if (v6.startsWith("ff")) return "multicast";
  return "public";
}

function embeddedIpv4(v6: string): string | null {
  const match = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(v6);
  if (!match) return null;
  if (match[1]) return match[1];
  const high = parseInt(match[2]!, 16);
  const low = parseInt(match[3]!, 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return null;
  return parts.map(Number);
}

function classifyIpv4([a, b]: number[], text: string): AddressKind {
  if (METADATA_V4.has(text)) return "metadata";
  if (a === 0) return "unspecified";
  if (a === 127) return "loopback";
  if (a === 169 && b === 254) return "link_local";
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 100 && b! >= 64 && b! <= 127)) return "private";
  if (a! >= 224) return "multicast";
  return "public";
}

/** Whether a request may go to this resolved address; the reason when not. */
export function addressRefusal(address: string, policy: TargetPolicy): string | null {
  const kind = classifyAddress(address);
  if (kind === "public") return null;
  if ((kind === "loopback" || kind === "private" || kind === "link_local") && policy.allowPrivate) return null;
  return `${address} is a ${kind.replace("_", "-")} address`;
}

/** Names that always mean this machine, refused before any lookup. */
function isLocalName(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost");
}

/** The address a name stands for without asking DNS, if it has one. */
function fixedAddressOf(host: string): string | null {
  if (parseIpv4(host) !== null || host.includes(":")) return host;
  if (isLocalName(host)) return "127.0.0.1";
  if (host === "metadata.google.internal") return "169.254.169.254";
  return null;
}

/**
 * Checks a target URL as far as it can be checked without a DNS lookup: https (or http to a
 * private address the operator allows), no credentials in it, and not an address literal or name
 * the policy refuses. Where a name points is checked again on every delivery, at connect time.
 */
export function targetUrlIssues(text: string, policy: TargetPolicy, path = "url"): FieldIssue[] {
  if (text.length > MAX_URL_LENGTH) return [{ path, message: `must be at most ${MAX_URL_LENGTH} characters` }];
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return [{ path, message: "is not an absolute URL" }];
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return [{ path, message: "must be an https URL" }];
  if (url.username || url.password) return [{ path, message: "must not contain a user name or password" }];
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const fixed = fixedAddressOf(host);
  if (fixed !== null) {
    const refusal = addressRefusal(fixed, policy);
    if (refusal) return [{ path, message: `is refused: ${host} is a ${classifyAddress(fixed).replace("_", "-")} address; webhooks go to public addresses only` }];
  }
  if (url.protocol === "http:" && !(fixed !== null && classifyAddress(fixed) !== "public")) {
    return [{ path, message: "must be an https URL (plain http only to a private address the operator allows)" }];
  }
  return [];
}
