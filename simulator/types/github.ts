// The shapes of the loopback GitHub REST sink (github.mjs); the code is checked against them through its JSDoc.

export interface GitHubSinkOptions {
  readonly owner: string;
  readonly repo: string;
  /** The largest page the sink serves, whatever `per_page` asks for (GitHub: 100). Small values force pagination. */
  readonly perPage?: number;
  /** Faults to play, in order; the array is kept (not copied), so pushing to it later works too. */
  readonly faults?: Fault[];
  /** Where html_url points (default https://github.com). */
  readonly htmlBase?: string;
  /** When set, any other token gets 401 "Bad credentials". Any token is accepted otherwise. */
  readonly token?: string;
  /** When set, assigning anyone else fails with 422 as on GitHub. */
  readonly assignable?: readonly string[];
  /**
   * The user the token acts as, author of every issue and comment it creates; GET /user answers it.
   * Default: github-actions[bot], as GITHUB_TOKEN, for which GET /user answers 403.
   */
  readonly actor?: { login: string; type?: 'User' | 'Bot'; id?: number };
  /** Pagination `Link` headers point to this origin instead of the sink's own (a hostile or misconfigured server). */
  readonly nextLinkOrigin?: string;
}

export interface FaultMatch {
  /** HTTP method to match (any when absent). */
  readonly method?: string;
  /** Exact pathname, or a pattern tested against it (any when absent). */
  readonly path?: string | RegExp;
}

export interface Fault extends FaultMatch {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** How many matching requests get this answer (default 1). */
  times?: number;
  readonly delayMs?: number;
}

export interface SinkLabel {
  id: number;
  node_id: string;
  url: string;
  name: string;
  color: string;
  default: boolean;
  description: string | null;
}

export interface SinkUser {
  login: string;
  id: number;
  type: string;
  site_admin: boolean;
}

export interface SinkIssue {
  id: number;
  node_id: string;
  url: string;
  repository_url: string;
  labels_url: string;
  comments_url: string;
  events_url: string;
  html_url: string;
  number: number;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  title: string;
  body: string | null;
  user: SinkUser;
  labels: SinkLabel[];
  assignee: SinkUser | null;
  assignees: SinkUser[];
  milestone: null;
  locked: boolean;
  active_lock_reason: string | null;
  comments: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: SinkUser | null;
  author_association: string;
  pull_request?: { url: string; html_url: string; merged_at: string | null };
}

export interface SinkComment {
  id: number;
  html_url: string;
  issue_url: string;
  body: string;
  created_at: string;
  /** Not part of GitHub's answer: the issue the comment is on. */
  issue_number: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or undefined. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever the client sent; tests read into it as they expect it
  body: any;
  /** The status the sink answered with. */
  status: number;
  at: number;
}

export interface IssueSeed {
  title?: string;
  body?: string | null;
  labels?: string[];
  assignees?: string[];
  state?: 'open' | 'closed';
  state_reason?: 'completed' | 'not_planned' | 'duplicate';
  created_at?: string;
  updated_at?: string;
  closed_at?: string;
  locked?: boolean;
  /** Makes it a pull request, which the issues list also returns. */
  pull_request?: boolean;
  user?: SinkUser;
}

export interface SinkWorkflowRun {
  id: number;
  workflow_id: number;
  status: string;
  conclusion: string | null;
  created_at: string;
  run_started_at: string;
  updated_at: string;
  html_url: string;
}

export interface GitHubSink {
  /** The API base URL (`baseUrl` for Octokit). */
  readonly url: string;
  readonly owner: string;
  readonly repo: string;
  /** Live state: issues by number order, every comment, every label. */
  readonly issues: SinkIssue[];
  readonly comments: SinkComment[];
  readonly labels: SinkLabel[];
  readonly requests: RecordedRequest[];
  readonly faults: Fault[];
  addIssue(seed?: IssueSeed): SinkIssue;
  addLabel(seed: { name: string; color?: string; description?: string }): SinkLabel;
  commentsOn(number: number): SinkComment[];
  /** Workflow runs served by the Actions endpoints (for 'since: auto'). */
  readonly workflowRuns: SinkWorkflowRun[];
  addWorkflowRun(seed: { id: number; workflowId?: number; conclusion?: string | null; startedAt: string | Date }): SinkWorkflowRun;
  /** Every request that was not a GET or HEAD. */
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Inside the sink

/** Everything the sink holds. */
export interface SinkState {
  owner: string;
  repo: string;
  pageCap: number;
  htmlBase: string;
  token: string | undefined;
  /** Lowercase logins, when only these may be assigned. */
  assignable: Set<string> | undefined;
  /** Who the token acts as: the author of every issue and comment it creates. */
  actor: SinkUser;
  nextLinkOrigin: string | undefined;
  apiBase: string;
  issues: SinkIssue[];
  comments: SinkComment[];
  labels: SinkLabel[];
  faults: Fault[];
  requests: RecordedRequest[];
  workflowRuns: SinkWorkflowRun[];
  nextId: number;
  /** The last time handed out, ms: see now(). */
  clock: number;
  /** Waits for a scripted delay; cancelled when the sink closes. */
  sleep(ms: number): Promise<void>;
}

/** Answers the request being handled, and records the status. */
export type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;

/** What a route handler gets. */
export interface Route {
  state: SinkState;
  url: URL;
  /** The path's captures after owner and repo, decoded. */
  params: string[];
  /** The parsed JSON body ({} when there was none). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever the client sent: each handler validates what it reads
  body: any;
  reply: Reply;
}
