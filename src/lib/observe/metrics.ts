/**
 * What the rendering side counts for the server's metrics (src/cli/server/metrics.mjs,
 * decision 051): quiz submissions, certificates issued and their PDFs served, sign-in failures. The server publishes
 * its recorder on `globalThis`; without it (tests, the preview, the CLI) these do nothing.
 */

interface Recorder {
  quizSubmitted(passed: boolean): void;
  certificateIssued(): void;
  signInFailed(reason: string): void;
  certificatePdf(source: string): void;
}

const RECORDER = Symbol.for('oqu.metrics');

function recorder(): Partial<Recorder> | undefined {
  return (globalThis as Record<symbol, Partial<Recorder> | undefined>)[RECORDER];
}

/** A quiz attempt was stored (not a retried one). */
export function countQuizSubmission(passed: boolean): void {
  recorder()?.quizSubmitted?.(passed);
}

/** A certificate was issued (or re-issued). */
export function countCertificateIssued(): void {
  recorder()?.certificateIssued?.();
}

/** A sign-in was refused; `reason` is a short word (`invalid_credentials`, `rate_limited`, `inactive`). */
export function countSignInFailure(reason: string): void {
  recorder()?.signInFailed?.(reason);
}

/** A certificate's PDF was served; `source` is where its bytes came from (`memory`, `disk`, `rendered`). */
export function countCertificatePdf(source: 'memory' | 'disk' | 'rendered'): void {
  recorder()?.certificatePdf?.(source);
}
