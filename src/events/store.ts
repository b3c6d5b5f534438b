import { createReadStream, createWriteStream, mkdtempSync, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { EventLines, LogStatus, MatchedEvent, ReportedEvent } from '../types.js';

/** As many ids as the `event-ids` output lists (see src/report/outputs.ts). */
export const FIRST_IDS_KEPT = 1000;

/**
 * Report-line characters a store keeps in memory, all sites together (about
 * 4,000 events' lines): beyond it, the site that needs more spills to disk.
 */
const MEMORY_CHARS = 1024 * 1024;

const STATUS_CODES: readonly LogStatus[] = ['skipped', 'fetched', 'unavailable'];

/** The characters a store may still hold in memory, shared by its sites. */
interface MemoryBudget {
  chars: number;
}

export interface EventStoreOptions {
  /** Report-line characters held in memory before spilling to disk (tests pass 0 to spill at once). */
  readonly memoryChars?: number;
}

/**
 * Every matched event of a run, without holding them all: each event's
 * report line is kept in memory while the run's lines are small (a usual run
 * never touches the disk), and a site's lines go to a spool file on disk once
 * they pass the memory budget (a burst); a spool file exists only for a site
 * past the budget. Per event, memory keeps only what the outputs count (its
 * group and time, 5 bytes, and its log status, 1 byte) plus the first ids for
 * the `event-ids` output: 50,000 events cost about 300 KB here, plus the
 * budget. The report reads the lines back once, in the sites' order, when it
 * is written.
 */
export class EventStore implements EventLines {
  private readonly sites: SiteEvents[];
  private readonly budget: MemoryBudget;
  private folderPath: string | undefined;

  private constructor(
    private readonly parent: () => string,
    siteIds: readonly string[],
    private readonly options: EventStoreOptions,
  ) {
    this.budget = { chars: options.memoryChars ?? MEMORY_CHARS };
    this.sites = [];
    this.addSites(siteIds);
  }

  /** Sites known only once the run has listed them (`site-id: all`), after those given, in order; each once. */
  addSites(siteIds: readonly string[]): void {
    for (const siteId of siteIds) {
      if (this.sites.some((s) => s.siteId === siteId)) continue;
      const index = this.sites.length;
      this.sites.push(new SiteEvents(siteId, () => join(this.folder(), `site-${index}.ndjson`), this.budget));
    }
  }

  /** A store whose spools, once a site needs one, live in a fresh folder under `parent`, removed by dispose(). */
  static create(parent: string, siteIds: readonly string[], options: EventStoreOptions = {}): EventStore {
    return new EventStore(() => parent, siteIds, options);
  }

  /** Another store inside this one's folder (a watch's polls): disposing this one removes it too. */
  child(): EventStore {
    return new EventStore(
      () => this.folder(),
      this.sites.map((s) => s.siteId),
      this.options,
    );
  }

  /** Ends every spool: the scan calls it when it has recorded its last event. */
  async close(): Promise<void> {
    await Promise.all(this.sites.map((s) => s.close()));
  }

  site(siteId: string): SiteEvents {
    const site = this.sites.find((s) => s.siteId === siteId);
    if (!site) throw new Error(`No event spool for site ${siteId}`);
    return site;
  }

  get count(): number {
    return this.sites.reduce((n, s) => n + s.count, 0);
  }

  get firstIds(): readonly string[] {
    return this.sites.flatMap((s) => s.firstIds).slice(0, FIRST_IDS_KEPT);
  }

  forEach(visit: (fingerprint: string, atMs: number) => void): void {
    for (const site of this.sites) site.forEach(visit);
  }

  async *lines(): AsyncIterable<string> {
    for (const site of this.sites) yield* site.lines();
  }

  async dispose(): Promise<void> {
    await this.close();
    if (this.folderPath !== undefined) await rm(this.folderPath, { recursive: true, force: true });
  }

  /** The spool folder, made when the first site spills (synchronously: once a run, and only in a burst). */
  private folder(): string {
    this.folderPath ??= mkdtempSync(join(this.parent(), 'events-'));
    return this.folderPath;
  }
}

/** One site's events: their lines (in memory, or in a spool file past the budget) and compact columns. */
export class SiteEvents {
  private readonly held: string[] = [];
  private heldChars = 0;
  private spool: WriteStream | undefined;
  private readonly fingerprints: string[] = [];
  private readonly fingerprintIndex = new Map<string, number>();
  private groups = new Uint32Array(1024);
  private seconds = new Uint32Array(1024);
  private statuses = new Uint8Array(1024);
  private size = 0;
  private error: Error | undefined;
  readonly firstIds: string[] = [];

  constructor(
    readonly siteId: string,
    private readonly spoolPath: () => string,
    private readonly budget: MemoryBudget,
  ) {}

  get count(): number {
    return this.size;
  }

  /** Records an event of group `fingerprint`, its `url` already redacted; returns its index. */
  append(event: MatchedEvent, fingerprint: string, url: string | undefined): number {
    const index = this.size;
    this.grow(index + 1);
    this.groups[index] = this.groupOf(fingerprint);
    this.seconds[index] = Math.floor(Date.parse(event.serverTime) / 1000);
    this.statuses[index] = 0;
    this.size += 1;
    if (this.firstIds.length < FIRST_IDS_KEPT) this.firstIds.push(event.eventId);
    const line: Omit<ReportedEvent, 'logStatus'> = {
      siteId: event.siteId,
      eventId: event.eventId,
      sessionId: event.sessionId,
      eventType: event.eventType,
      serverTime: event.serverTime,
      fingerprint,
      url,
    };
    // The status is known later (once the raw request was asked for): it is added when the line is read back.
    this.record(JSON.stringify(line).slice(0, -1));
    return index;
  }

  setStatus(index: number, status: LogStatus): void {
    if (index < this.size) this.statuses[index] = STATUS_CODES.indexOf(status);
  }

  /** Resolves once the spool has taken what was written: the scan waits here rather than buffer a burst in memory. */
  async drained(): Promise<void> {
    if (this.spool?.writableNeedDrain && !this.error) await once(this.spool, 'drain');
  }

  forEach(visit: (fingerprint: string, atMs: number) => void): void {
    for (let i = 0; i < this.size; i++) visit(this.fingerprints[this.groups[i] ?? 0] ?? '', (this.seconds[i] ?? 0) * 1000);
  }

  async *lines(): AsyncIterable<string> {
    await this.close();
    if (this.error) throw new Error(`The events of site ${this.siteId} could not be spooled to disk: ${this.error.message}`);
    let index = 0;
    const withStatus = (line: string): string => `${line},"logStatus":"${STATUS_CODES[this.statuses[index++] ?? 0] ?? 'skipped'}"}`;
    if (!this.spool) {
      for (const line of this.held) yield withStatus(line);
      return;
    }
    const reader = createInterface({ input: createReadStream(this.spoolPath(), { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of reader) if (line !== '') yield withStatus(line);
  }

  /** Ends the spool, if there is one (idempotent); appends after this are lost, so it is called once the scan is done. */
  async close(): Promise<void> {
    if (!this.spool || this.spool.closed || this.error) return;
    if (!this.spool.writableEnded) this.spool.end();
    await once(this.spool, 'close');
  }

  private record(line: string): void {
    if (!this.spool && line.length <= this.budget.chars) {
      this.held.push(line);
      this.heldChars += line.length;
      this.budget.chars -= line.length;
      return;
    }
    this.spill().write(`${line}\n`);
  }

  /** The spool, opened the first time the budget runs out: what was held goes first, and its memory back to the budget. */
  private spill(): WriteStream {
    if (this.spool) return this.spool;
    const spool = createWriteStream(this.spoolPath(), { encoding: 'utf8' });
    // A failed write (disk full) is kept and said when the lines are read, not thrown from a callback.
    spool.on('error', (error) => {
      this.error ??= error;
    });
    if (this.held.length > 0) spool.write(`${this.held.join('\n')}\n`);
    this.budget.chars += this.heldChars;
    this.held.length = 0;
    this.heldChars = 0;
    this.spool = spool;
    return spool;
  }

  private groupOf(fingerprint: string): number {
    let index = this.fingerprintIndex.get(fingerprint);
    if (index === undefined) {
      index = this.fingerprints.length;
      this.fingerprints.push(fingerprint);
      this.fingerprintIndex.set(fingerprint, index);
    }
    return index;
  }

  private grow(length: number): void {
    if (length <= this.groups.length) return;
    const size = this.groups.length * 2;
    this.groups = copyInto(new Uint32Array(size), this.groups);
    this.seconds = copyInto(new Uint32Array(size), this.seconds);
    this.statuses = copyInto(new Uint8Array(size), this.statuses);
  }
}

function copyInto<T extends Uint32Array | Uint8Array>(target: T, source: T): T {
  target.set(source);
  return target;
}

/** Events already in memory (a scan that never ran, tests' fixtures): the same interface, no spool. */
export function eventLinesOf(events: readonly ReportedEvent[]): EventLines {
  return {
    count: events.length,
    firstIds: events.slice(0, FIRST_IDS_KEPT).map((e) => e.eventId),
    forEach: (visit) => {
      for (const e of events) visit(e.fingerprint, Date.parse(e.serverTime));
    },
    // eslint-disable-next-line @typescript-eslint/require-await
    lines: async function* () {
      for (const e of events) yield JSON.stringify(e);
    },
  };
}
