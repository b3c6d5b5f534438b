import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { MatchedEvent, RawRequest } from '../types.js';

/**
 * `fetch-logs: all`: every matched event's raw request, written to an NDJSON
 * file beside the report as soon as it arrives (one object a line, the event
 * id a decimal string), then let go. Once the Debugger's 300 minutes have
 * passed this file is the only copy, which is why the examples keep it as an
 * artifact. The requests come in already redacted (per `redact`).
 */
export interface EvidenceLine {
  readonly eventId: string;
  readonly siteId: string;
  readonly sessionId: string;
  readonly eventType: number;
  readonly serverTime: string;
  readonly fingerprint: string;
  readonly request: RawRequest;
}

export class EvidenceFile {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  written = 0;

  constructor(
    readonly path: string,
    private readonly scrub: (text: string) => string = (text) => text,
  ) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  write(event: MatchedEvent, fingerprint: string, request: RawRequest): void {
    if (this.failure) return;
    const line: EvidenceLine = {
      eventId: event.eventId,
      siteId: event.siteId,
      sessionId: event.sessionId,
      eventType: event.eventType,
      serverTime: event.serverTime,
      fingerprint,
      request,
    };
    this.stream.write(`${this.scrub(JSON.stringify(line))}\n`);
    this.written += 1;
  }

  /** Resolves once the file has taken what was written (back-pressure for the scan). */
  async drained(): Promise<void> {
    if (this.stream.writableNeedDrain && !this.failure) await once(this.stream, 'drain');
  }

  /** Ends the file; says why it is incomplete when a write failed. */
  async close(): Promise<string | undefined> {
    if (!this.stream.writableEnded && !this.failure) {
      this.stream.end();
      await once(this.stream, 'close').catch(() => undefined);
    }
    return this.failure
      ? `The raw requests could not all be written to ${this.path} (${this.failure.message}); ${this.written} ${this.written === 1 ? 'was' : 'were'} written.`
      : undefined;
  }
}
