/**
 * What test/workers/invocation-counts.test.ts counts per Worker invocation and prints for
 * `npm run bench` (bench/figures/workerd.ts), in the platform's own units.
 */
export interface InvocationCounts {
  queries: number;
  bytesToD1: number;
  bytesFromD1: number;
  longestStatementBytes: number;
  subrequests: number;
  emailsSent: number;
  bytesToProvider: number;
}

/** D1's limit on one SQL statement's length. */
export const STATEMENT_BYTES = 100_000;
