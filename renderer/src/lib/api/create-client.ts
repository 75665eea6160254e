/**
 * The typed client over any LoketBridge: `call(name, input)` and `on(event, fn)`, typed from the
 * contract. An error envelope becomes a thrown LoketCallError with the stable code.
 */
import type { CallInput, CallName, CallOutput, EventName, EventPayload, LoketBridge } from '../../../../contract/index.js';
import { LoketCallError } from '../../../../contract/rpc.js';

/** Calls whose input may be omitted (NoInput) take no second argument. */
type InputArgs<N extends CallName> = undefined extends CallInput<N> ? [input?: CallInput<N>] : [input: CallInput<N>];

export interface LoketClient {
  readonly transport: 'electron' | 'web';
  call<N extends CallName>(name: N, ...args: InputArgs<N>): Promise<CallOutput<N>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(bridge: LoketBridge): LoketClient {
  return {
    transport: bridge.transport,
    async call(name, ...args) {
      const envelope = await bridge.invoke(name, args[0]);
      if (!envelope.ok) throw new LoketCallError(envelope.error);
      // Main validated the input and built the value from the contract's own types.
      return envelope.value as CallOutput<typeof name>;
    },
    on(event, listener) {
      return bridge.subscribe(event, (payload) => listener(payload as EventPayload<typeof event>));
    },
  };
}
