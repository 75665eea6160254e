/** A counter process (counter-process.ts) seen from the model test: send a command, get its answer. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { SimulatorSeed } from '../support/simulator-process.js';
import type { Command } from './protocol.js';

type Answer = Record<string, unknown> & { id?: number; ok?: boolean; error?: string };
type Payload = Command extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

export interface CounterConfig {
  dir: string;
  seed: SimulatorSeed;
  horizonMs: number;
  sweepDelayMs: number;
}

export class Counter {
  private child: ChildProcessWithoutNullStreams | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, (a: Answer) => void>();
  private exited: Promise<void> = Promise.resolve();
  stderr = '';

  constructor(
    readonly name: string,
    private readonly config: CounterConfig,
  ) {}

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/model/counter-process.ts', JSON.stringify(this.config)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString('utf8')).slice(-4000);
    });
    this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
    const ready = new Promise<void>((resolve, reject) => {
      child.on('exit', () => reject(new Error(`counter ${this.name} exited before it was ready: ${this.stderr}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const answer = JSON.parse(line) as Answer;
        if (answer.ready) resolve();
        if (typeof answer.id === 'number') {
          this.waiting.get(answer.id)?.(answer);
          this.waiting.delete(answer.id);
        }
      });
    });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`counter ${this.name} did not start`)), 30_000));
    await Promise.race([ready, timeout]);
  }

  /** Sends a command; resolves with its answer, or undefined when the process dies first. */
  send(payload: Payload): Promise<Answer | undefined> {
    const child = this.child;
    if (!child || !this.alive) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      void this.exited.then(() => {
        if (this.waiting.delete(id)) resolve(undefined);
      });
      child.stdin.write(JSON.stringify({ ...payload, id }) + '\n');
    });
  }

  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child?.kill('SIGTERM');
    await this.exited;
  }
}
