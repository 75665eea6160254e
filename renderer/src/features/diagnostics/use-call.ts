/**
 * The diagnostics sections' access to main: one contract call made when a section shows (with its
 * answer or failure and a reload), and the scanner's live status. Components use these hooks and
 * never the client itself.
 */
import { useCallback, useEffect, useState } from 'react';
import type { CallName, CallOutput } from '../../../../contract/index.js';
import type { ScannerStatus } from '../../../../contract/schemas/hardware.js';
import { client, LoketCallError } from '../../lib/api/client.js';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'failed'; code: string; message: string };

export function useNoInputCall<N extends CallName>(name: N): [Loaded<CallOutput<N>>, () => void] {
  const [result, setResult] = useState<Loaded<CallOutput<N>>>({ state: 'loading' });
  const fetchNow = useCallback(() => {
    // Every diagnostics call takes no input; the cast only satisfies the generic signature.
    (client().call as (n: N) => Promise<CallOutput<N>>)(name).then(
      (value) => setResult({ state: 'ok', value }),
      (err: unknown) =>
        setResult({
          state: 'failed',
          code: err instanceof LoketCallError ? err.code : 'RENDERER',
          message: err instanceof Error ? err.message : String(err),
        }),
    );
  }, [name]);
  useEffect(fetchNow, [fetchNow]);
  const reload = useCallback(() => {
    setResult({ state: 'loading' });
    fetchNow();
  }, [fetchNow]);
  return [result, reload];
}

/** The scanner as main reports it, kept live by the `scanner` event. */
export function useScannerStatus(): ScannerStatus | undefined {
  const [status, setStatus] = useState<ScannerStatus | undefined>(undefined);
  useEffect(() => {
    let live = false;
    const off = client().on('scanner', (s) => {
      live = true;
      setStatus(s);
    });
    client()
      .call('scanner.status')
      // An event that came in first is at least as new as this answer.
      .then((s) => !live && setStatus(s))
      .catch(() => undefined);
    return off;
  }, []);
  return status;
}
