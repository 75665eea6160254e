/**
 * Events from main services to whichever transports are attached. Payloads are validated against
 * the contract on the way out, so a service bug cannot push a malformed event to the renderer.
 */
import { events, type EventName, type EventPayload } from '../../contract/index.js';

export type EventSink = (name: EventName, payload: unknown) => void;

export class EventBus {
  private readonly sinks = new Set<EventSink>();
  private readonly last = new Map<EventName, unknown>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const checked = events[name].parse(payload);
    this.last.set(name, checked);
    for (const sink of this.sinks) sink(name, checked);
  }

  /** A new sink first receives the latest value of every event, so a reloaded window is current. */
  attach(sink: EventSink): () => void {
    this.sinks.add(sink);
    for (const [name, payload] of this.last) sink(name, payload);
    return () => this.sinks.delete(sink);
  }
}
