// Every process on one machine reads the same CLOCK_MONOTONIC through hrtime, so a timestamp taken
// in the producer process can be subtracted from one taken in a consumer process.
export function monoMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
