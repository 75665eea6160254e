import type http from 'node:http';
import type { FaultSpec } from './faults.js';
import type { Handled, Reply, SendReply } from './reply.js';
import type { Timers } from './timers.js';

/** How one API words the answers a fault puts in place of its own. */
export interface FaultReplies {
  /** error-5xx: nothing done, this status (default 503) instead. */
  serverError(status: number): Reply;
  /** error-5xx-after-commit: committed, then this status (default 500). */
  serverErrorAfterCommit(status: number): Reply;
  /** access-denied: the API's refusal for a permission the call lacks. */
  accessDenied: Reply;
  /** malformed-xml: the committed reply, cut off. */
  malformed(r: Reply): Reply;
  /** huge-body: a body of the API's type whose filler never ends in time. */
  hugeBody: { contentType: string; open: string; close: string };
  /** empty-body */
  emptyBody: Reply;
}

const CAPTIVE_PORTAL: Reply = {
  status: 200,
  contentType: 'text/html',
  body: '<!DOCTYPE html><html><head><title>Aanmelden</title></head><body><p>Wifi-login vereist</p></body></html>',
};

/**
 * Makes a fault taken from the plan strike one request: before anything is committed, after the
 * commit in place of the answer, or as a commit that comes after the client gave up. It holds the
 * answers a stall-after-commit fault keeps back until they are released.
 */
export class FaultStrikes {
  private readonly held = new Set<() => void>();
  private pendingCommits = 0;

  constructor(
    private readonly o: {
      send: SendReply;
      timers: Timers;
      clock: () => Date;
      replies: FaultReplies;
      /** The state commits go to; a reset replaces it, and a late commit belongs to the old one. */
      world: () => object;
    },
  ) {}

  /** Checks done, `handle` runs the call: commits and answers, with the fault's strike if any. */
  async serve(res: http.ServerResponse, fault: FaultSpec<string> | undefined, handle: () => Handled): Promise<void> {
    if (fault && (await this.beforeCommit(res, fault))) return;
    const result = handle();
    if (fault?.kind === 'late-commit') {
      // The client sees its connection drop; the backend still commits a little later if the
      // call is still allowed by then (checked again, as a transaction would).
      // A reset in between starts a new world: the commit belongs to the one it was made in.
      res.socket?.destroy();
      const world = this.o.world();
      this.pendingCommits++;
      this.o.timers.later(fault.delayMs ?? 3_000, () => {
        this.pendingCommits--;
        if (this.o.world() !== world) return;
        const again = handle();
        if ('prepared' in again) again.prepared();
      });
      return;
    }
    return this.deliver(res, 'prepared' in result ? result.prepared() : result, fault);
  }

  /** Faults that strike before anything is committed; true when the request is finished. */
  async beforeCommit(res: http.ServerResponse, fault: FaultSpec<string>): Promise<boolean> {
    switch (fault.kind) {
      case 'latency':
        await this.o.timers.sleep(fault.latencyMs ?? 1_000);
        return false;
      case 'drop-before-commit':
        res.socket?.destroy();
        return true;
      case 'access-denied':
        this.o.send(res, this.o.replies.accessDenied);
        return true;
      case 'error-5xx':
        this.o.send(res, this.o.replies.serverError(fault.status ?? 503));
        return true;
      case 'stall':
        await this.o.timers.sleep(fault.stallMs ?? 60_000);
        res.socket?.destroy();
        return true;
      default:
        return false;
    }
  }

  /** Sends a computed (committed) reply, or what an after-commit fault puts in its place. */
  async deliver(res: http.ServerResponse, r: Reply, fault: FaultSpec<string> | undefined): Promise<void> {
    const { send, replies } = this.o;
    switch (fault?.kind) {
      case 'drop-after-commit':
        res.socket?.destroy();
        return;
      case 'error-5xx-after-commit':
        return send(res, replies.serverErrorAfterCommit(fault.status ?? 500));
      case 'malformed-xml':
        return send(res, replies.malformed(r));
      case 'html-page':
        return send(res, CAPTIVE_PORTAL);
      case 'huge-body':
        return this.sendHuge(res, fault.sizeBytes ?? 3 * 1024 * 1024);
      case 'empty-body':
        return send(res, replies.emptyBody);
      case 'status':
        return send(res, { ...r, status: fault.status ?? 418 });
      case 'stall-after-commit':
        await this.hold(fault.stallMs ?? 60_000);
        return send(res, r);
      default:
        return send(res, r);
    }
  }

  /** Sends every held answer now; returns how many. */
  release(): number {
    const all = [...this.held];
    for (const r of all) r();
    return all.length;
  }

  /** Answers held right now, and late commits still to come. */
  holding(): { held: number; pendingCommits: number } {
    return { held: this.held.size, pendingCommits: this.pendingCommits };
  }

  private hold(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const release = () => {
        this.held.delete(release);
        resolve();
      };
      this.held.add(release);
      this.o.timers.later(ms, release);
    });
  }

  /** Streams the filler with back-pressure, so a client's size limit, not memory, ends it. */
  private sendHuge(res: http.ServerResponse, size: number): void {
    const { contentType, open, close } = this.o.replies.hugeBody;
    res.writeHead(200, { 'content-type': contentType, date: this.o.clock().toUTCString() });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    res.write(open);
    let written = 0;
    const pump = () => {
      while (written < size && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end(close);
    };
    pump();
  }
}
