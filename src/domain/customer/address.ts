export interface Address {
  readonly street: string | null;
  readonly zipcode: string | null;
  readonly city: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  readonly countryCode: string | null;
}

export function isEmptyAddress(address: Address | null | undefined): boolean {
  return !address || (!address.street && !address.zipcode && !address.city && !address.countryCode);
}

export function cleanAddress(address: Partial<Address> | null | undefined): Address | null {
  if (!address) return null;
  const trimmed: Address = {
    street: blankToNull(address.street),
    zipcode: blankToNull(address.zipcode),
    city: blankToNull(address.city),
    countryCode: blankToNull(address.countryCode)?.toUpperCase() ?? null,
  };
  return isEmptyAddress(trimmed) ? null : trimmed;
}

export function blankToNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}
