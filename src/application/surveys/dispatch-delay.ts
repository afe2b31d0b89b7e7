/** Delays are given in minutes. */
export const MINUTE_MS = 60_000;
