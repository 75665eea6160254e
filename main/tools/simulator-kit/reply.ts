import type http from 'node:http';

/** One HTTP answer; the content type defaults to the simulator's own (XML or JSON). */
export interface Reply {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * What a route hands back: a reply, or a checked call whose commit makes one. The split lets a
 * fault strike between the checks and the commit, or commit late without answering.
 */
export type Handled = Reply | { prepared: () => Reply };

export type SendReply = (res: http.ServerResponse, r: Reply) => void;

/**
 * Sends replies stamped with the simulator's clock (its Date header follows POST /__admin/clock),
 * and none on a response that is already gone (a dropped or answered request).
 */
export function replySender(defaultType: string, clock: () => Date): SendReply {
  return (res, r) => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(r.status, { 'content-type': r.contentType ?? defaultType, date: clock().toUTCString(), ...r.headers });
    res.end(r.body);
  };
}
