// How the peers are configured: each as its documentation advises for throughput (see "Peers at
// their best" in docs/benchmarks.md for the sources and the probe that picked these values).
/** BullMQ Worker `concurrency` (local concurrency factor) per process. */
export const BULLMQ_CONCURRENCY = 100;
/** @moleculer/channels `maxInFlight` per consumer process (its README's throughput test: 100). */
export const MOLECULER_MAX_IN_FLIGHT = 100;
