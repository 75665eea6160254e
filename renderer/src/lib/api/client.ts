/**
 * The one client app code uses, over whichever transport exists (api/create-client.ts has the
 * typing). App code imports `client()` from here and never learns the transport.
 */
import { detectBridge } from '../bridge/index.js';
import { createClient, type LoketClient } from './create-client.js';

let defaultClient: LoketClient | undefined;

/** The app-wide client over whichever transport exists; created on first use. */
export function client(): LoketClient {
  defaultClient ??= createClient(detectBridge());
  return defaultClient;
}

export { createClient, type LoketClient } from './create-client.js';
export { LoketCallError } from '../../../../contract/rpc.js';
