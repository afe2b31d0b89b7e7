/** Latencies of GET `url`, one request at a time, until `until` resolves or `maxMs` pass. */
export async function probeLatencies(url: string, options: { until?: Promise<unknown>; maxMs: number; pauseMs?: number }): Promise<number[]> {
  let done = false;
  void options.until?.finally(() => {
    done = true;
  });
  const latencies: number[] = [];
  const end = performance.now() + options.maxMs;
  while (!done && performance.now() < end) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 10));
  }
  return latencies;
}

/** The value below which `fraction` of the sorted values lie (nearest rank). */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}
