/**
 * Transport-agnostic entry point for every renderer call. Both transports (Electron IPC and the
 * web host) hand it an untrusted (name, input) pair; it rejects unknown names, validates the input
 * with the contract's schema, runs the handler and always answers with an envelope.
 */
import { AppError } from '../core/errors.js';
import { redactSecrets } from '../core/log.js';
import { z } from 'zod';
import {
  calls,
  isCallName,
  RpcErrorCode,
  type CallName,
  type CallOutput,
  type CallsOf,
  type Namespace,
  type Envelope,
  type ParsedInput,
  type RpcError,
} from '../../contract/index.js';

export type Handler<N extends CallName> = (input: ParsedInput<N>) => Promise<CallOutput<N>> | CallOutput<N>;
export type Handlers = { [N in CallName]: Handler<N> };
/** The handlers of one or more namespaces (`HandlersOf<'sale'>`): names come from the contract. */
export type HandlersOf<N extends Namespace> = Pick<Handlers, CallsOf<N>>;

export interface Dispatcher {
  dispatch(name: unknown, input: unknown): Promise<Envelope<unknown>>;
}

export function createDispatcher(handlers: Handlers, log: (msg: string, err?: unknown) => void = () => {}): Dispatcher {
  return {
    async dispatch(name, input) {
      if (!isCallName(name)) {
        return fail({ code: RpcErrorCode.unknownCall, message: `Unknown call: ${describe(name)}` });
      }
      const parsed = calls[name].input.safeParse(input);
      if (!parsed.success) {
        // Bounded: the issues echo the caller's keys and values, which may be hostile and huge.
        return fail({
          code: RpcErrorCode.invalidInput,
          message: clip(`Invalid input for ${name}: ${z.prettifyError(parsed.error)}`, MAX_MESSAGE),
          details: {
            issues: parsed.error.issues
              .slice(0, MAX_ISSUES)
              .map((i) => ({ path: i.path.slice(0, 10).map((p) => clip(String(p), 80)), message: clip(i.message, 200) })),
          },
        });
      }
      try {
        const handler = handlers[name] as (input: unknown) => unknown;
        const value = await handler(parsed.data);
        return { ok: true, value };
      } catch (err) {
        if (err instanceof AppError) {
          // Handlers quote server answers in messages; no OAuth value or secret may ride along to the screen.
          return fail({
            code: err.code,
            // mutation-check: dispatcher-redacts
            message: redactSecrets(err.message),
            ...(err.details ? { details: redactDetails(err.details) } : {}),
          });
        }
        log(`call ${name} failed`, err);
        return fail({ code: RpcErrorCode.internal, message: `Internal error in ${name}` });
      }
    },
  };
}

function fail(error: RpcError): Envelope<never> {
  return { ok: false, error };
}

const MAX_MESSAGE = 2000;
const MAX_ISSUES = 20;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`; // mutation-check: bounded-errors
}

function describe(name: unknown): string {
  if (typeof name === 'string') return JSON.stringify(name.slice(0, 80));
  return typeof name;
}

function redactDetails(details: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactSecrets(v);
    if (depth > 6 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
  };
  return walk(details, 0) as Record<string, unknown>;
}
