// The shapes simulator/piwik.mjs (and its account APIs, account.mjs) takes and answers; the code
// is checked against them through its JSDoc, and the tests import them from piwik.mjs.

import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Dataset } from '../datasets/types.js';
import type { Reply } from '../reply.mjs';
import type { SimContainer, StoredVersion } from './tagmanager.js';

/** `apps` is the Apps API's list of sites, `app` one site's settings. */
export type AccountEndpoint = 'apps' | 'app' | 'customDimensions' | 'goals' | 'annotations';
/** The Analytics HTTP API's real-time query and query (analytics.mjs). */
export type AnalyticsEndpoint = 'realTimeQuery' | 'query';
/** Every endpoint that `forbidden` can make answer 403. */
type ForbiddenEndpoint = AccountEndpoint | AnalyticsEndpoint | 'tagManager';
export type Endpoint = 'token' | 'debugger' | 'logs' | 'legacyLog' | ForbiddenEndpoint | 'other';

/** Any entry may also carry `delayMs`: wait that long first. */
interface FaultBase {
  delayMs?: number;
}
/** Answer this status instead. Default bodies: 400 and 404 as the API words them, 401 empty, 500 'Internal error occurred. Check logs'. An object body is sent as JSON. */
export interface StatusFault extends FaultBase {
  status: number;
  body?: string | Buffer | object;
  headers?: Record<string, string>;
}
/** Wait, then answer normally. */
interface DelayFault extends FaultBase {
  delayMs: number;
}
/** Send the normal status, headers and first N bytes of the normal body, then drop the connection. */
interface CutFault extends FaultBase {
  cutAfterBytes: number;
}
/** Revoke every issued token, then answer 401 (a token expiring mid-run). */
interface ExpireTokenFault extends FaultBase {
  expireToken: true;
}
/** Send exactly this. Defaults: status 200, content type application/x-ndjson, empty body. */
interface RawFault extends FaultBase {
  raw: { status?: number; contentType?: string; body?: string | Buffer; headers?: Record<string, string> };
}
/** Answer `status` with the request echoed as text (every header, authorization first, then the request line), after `before`; in base64 when asked. */
interface EchoFault extends FaultBase {
  echo: { status?: number; before?: string; base64?: boolean };
}
export type Fault = StatusFault | DelayFault | CutFault | ExpireTokenFault | RawFault | EchoFault;

/** One entry is consumed per request to the endpoint; when empty, normal behaviour. Mutable at runtime. */
export interface FaultScripts {
  token: Fault[];
  debugger: Fault[];
  logs: Fault[];
  legacyLog: Fault[];
  apps: Fault[];
  app: Fault[];
  customDimensions: Fault[];
  goals: Fault[];
  /** Both the list (GET) and the creation (POST). */
  annotations: Fault[];
  /** Every Tag Manager read (published version, list, version, changelog). */
  tagManager: Fault[];
  realTimeQuery: Fault[];
  query: Fault[];
}

/** What the account APIs know of one site; served as JSON:API in the shapes of Piwik PRO's descriptions. */
export interface SiteAccount {
  /** The Apps API's attributes; absent: the Apps API answers 404 for the site. Unset settings take the documented defaults. */
  app?: { name: string; urls?: string[]; timezone?: string; currency?: string; eCommerceTracking?: boolean; excludeUnknownUrls?: boolean };
  customDimensions?: { trackingId: number; name: string; active?: boolean; scope?: 'session' | 'event'; slot?: number; id?: string }[];
  goals?: { id: string; name: string }[];
  /** Annotations already there; `author` set means another user's (a private one is then not listed). */
  annotations?: { date: string; content: string; visibility?: 'private' | 'public'; author?: string; id?: string }[];
}

export interface StoredAnnotation {
  id: string;
  date: string;
  content: string;
  visibility: 'private' | 'public';
  author?: string;
}

/** A fixed time, or a function read on every request. */
export type Clock = Date | number | (() => Date | number);

export interface SimulatorOptions {
  clientId?: string;
  clientSecret?: string;
  /** app id (UUID) → its sessions */
  sites?: Record<string, Dataset>;
  /** The simulator's "now" for lookup_window and token expiry; sessions updated after it are not served yet. Default: real time. */
  now?: Clock;
  tokenTtlSeconds?: number;
  /** Delay before each response starts. */
  latencyMs?: number;
  /** 'legacy-only': /api/tracker/v1/logs answers 404 '404 page not found', as on instances without it. */
  logsEndpoint?: 'documented' | 'legacy-only';
  /** Longer request targets get 414 (default 8000 characters). */
  maxUrlLength?: number;
  faults?: Partial<FaultScripts>;
  /** site UUID → what its account APIs answer. A site not listed: 404 from the Apps API, 403 from the others. */
  accounts?: Record<string, SiteAccount>;
  /** These account, Analytics or Tag Manager endpoints answer 403, as for an API client without the permission. */
  forbidden?: ForbiddenEndpoint[];
  /** Per site its Tag Manager container (simulator/tagmanager.mjs); a known site without one has one old published version. */
  tagManager?: Record<string, SimContainer>;
  /** The Apps API's list answers at most this many sites a page, whatever `limit` asks (default: as asked, up to 1000). */
  appsPageCap?: number;
  /** Default 0: an ephemeral port. */
  port?: number;
}

export interface RecordedRequest {
  endpoint: Endpoint;
  method: string;
  /** Path without the query. */
  path: string;
  /** The full request target, path and query. */
  target: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface PiwikSimulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  requests: RecordedRequest[];
  faults: FaultScripts;
  setNow(now: Clock): void;
  now(): Date;
  /** Invalidates every issued access token. */
  revokeTokens(): void;
  countBy(endpoint: Endpoint): number;
  /** The site's annotations, those written by clients included. */
  annotations(siteId: string): StoredAnnotation[];
  /** Replaces the set of endpoints that answer 403. */
  forbid(endpoints: ForbiddenEndpoint[]): void;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Inside the simulator: what its request handlers (piwik.mjs, account.mjs) share.

/** A site's account as the simulator keeps it: ids filled in, annotations written by clients added. */
export interface StoredAccount {
  app: SiteAccount['app'];
  customDimensions: (NonNullable<SiteAccount['customDimensions']>[number] & { id: string })[];
  goals: NonNullable<SiteAccount['goals']>;
  annotations: StoredAnnotation[];
}

export interface SimulatorState {
  config: {
    clientId: string;
    clientSecret: string;
    tokenTtlSeconds: number;
    latencyMs: number;
    logsEndpoint: 'documented' | 'legacy-only';
    maxUrlLength: number;
    appsPageCap: number;
  };
  /** lowercase app id → its sessions */
  sites: Map<string, Dataset>;
  faults: FaultScripts;
  clock: { now(): number; set(value: Clock): void };
  /** access token → expiry (ms on the simulator clock) */
  tokens: Map<string, number>;
  sleep(ms: number): Promise<void>;
  /** lowercase site id → its account */
  accounts: Map<string, StoredAccount>;
  forbidden: Set<ForbiddenEndpoint>;
  /** lowercase site id → its container's versions */
  containers: Map<string, StoredVersion[]>;
}

/** One request as the handlers see it. */
export interface RequestContext {
  state: SimulatorState;
  req: IncomingMessage;
  url: URL;
  query: URLSearchParams;
  body: string;
  reply: Reply;
}
