/**
 * The shape of every renderer <-> main exchange, shared by both transports (Electron IPC and the
 * web host's WebSocket). Pure TypeScript + zod: no Node, no DOM, so main and renderer import it.
 */
import { z } from 'zod';

/** One request/response call: its input is validated in main before any handler runs. */
export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

export function defineCall<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): CallSpec<I, O> {
  return { input, output };
}

/** Calls that take no input use this, so `undefined` and `{}` both pass and nothing else does. */
export const NoInput = z.union([z.undefined(), z.null(), z.object({}).strict()]).transform(() => undefined);

/**
 * Error codes the contract itself produces. Capability modules add their own (`SALE_*`, `UITPAS_*`…);
 * a code is a stable identifier the renderer translates, the message is English for logs.
 */
export const RpcErrorCode = {
  unknownCall: 'UNKNOWN_CALL',
  invalidInput: 'INVALID_INPUT',
  internal: 'INTERNAL',
  unauthorized: 'UNAUTHORIZED',
} as const;

export const RpcErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** Machine-readable extras (e.g. the UiTPAS error code, the offending field). */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type RpcError = z.infer<typeof RpcErrorSchema>;

/** Every call answers with an envelope: Electron's IPC drops custom error fields, this does not. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: RpcError };

/** Thrown by the renderer-side client when main answered with an error envelope. */
export class LoketCallError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(error: RpcError) {
    super(error.message);
    this.name = 'LoketCallError';
    this.code = error.code;
    this.details = error.details;
  }
}
