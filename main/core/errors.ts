/**
 * The one error a capability throws for an expected refusal: a stable `code` the renderer
 * translates, a message for the log, optional details. The dispatcher (main/runtime) turns it into
 * an error envelope; anything else thrown becomes INTERNAL.
 */
export class AppError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}
