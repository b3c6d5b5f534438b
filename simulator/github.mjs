// A loopback stand-in for the part of the GitHub REST API that the issue sync
// uses: listing, creating and updating issues, commenting on them, and
// reading and creating labels. It answers with the shapes GitHub answers with
// (number, html_url, state, state_reason, closed_at, labels as objects, no
// pull_request on plain issues), paginates with `Link` headers, validates the
// way GitHub does (422 "Validation Failed" with an `errors` array, bodies over
// 65,536 characters refused), and plays scripted faults: any status with any
// body and headers for the next matching request(s), such as a 403 "Resource
// not accessible by integration" or a secondary rate limit with retry-after.
//
// Plain ESM JavaScript with node: built-ins only, type-checked by tsc (checkJs):
// the shapes it takes, holds and answers are in types/github.ts.

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { cancellableDelays, closeServer, listenOnLoopback } from './loopback.mjs';

/** @import { IncomingMessage, ServerResponse } from 'node:http' */
/** @import { Reply, Route, SinkState } from './types/github.js' */
/**
 * @typedef {import('./types/github.js').Fault} Fault
 * @typedef {import('./types/github.js').FaultMatch} FaultMatch
 * @typedef {import('./types/github.js').GitHubSink} GitHubSink
 * @typedef {import('./types/github.js').GitHubSinkOptions} GitHubSinkOptions
 * @typedef {import('./types/github.js').IssueSeed} IssueSeed
 * @typedef {import('./types/github.js').RecordedRequest} RecordedRequest
 * @typedef {import('./types/github.js').SinkComment} SinkComment
 * @typedef {import('./types/github.js').SinkIssue} SinkIssue
 * @typedef {import('./types/github.js').SinkLabel} SinkLabel
 * @typedef {import('./types/github.js').SinkUser} SinkUser
 * @typedef {import('./types/github.js').SinkWorkflowRun} SinkWorkflowRun
 */

const API_VERSION = '2022-11-28';
const DOCS = 'https://docs.github.com/rest';
const MAX_BODY_CHARS = 65_536;
const MAX_TITLE_CHARS = 256;
const DEFAULT_PAGE = 30;
const MAX_PAGE = 100;
const BOT = Object.freeze({ login: 'github-actions[bot]', id: 41898282, type: 'Bot', site_admin: false });

/**
 * Starts the sink on 127.0.0.1 and an ephemeral port.
 * @param {GitHubSinkOptions} options
 * @returns {Promise<GitHubSink>}
 */
export async function startGitHubSink(options) {
  const owner = options.owner;
  const repo = options.repo;
  const delays = cancellableDelays();
  /** @type {SinkState} */
  const state = {
    owner,
    repo,
    pageCap: Math.max(1, Math.min(options.perPage ?? MAX_PAGE, MAX_PAGE)),
    htmlBase: (options.htmlBase ?? 'https://github.com').replace(/\/+$/, ''),
    token: options.token,
    assignable: options.assignable ? new Set(options.assignable.map((a) => a.toLowerCase())) : undefined,
    // Who the token acts as: the author of what it creates. GITHUB_TOKEN's bot cannot read GET /user (403).
    actor: options.actor ? { id: 5_000_000, type: 'User', site_admin: false, ...options.actor } : BOT,
    nextLinkOrigin: options.nextLinkOrigin,
    apiBase: '',
    issues: [],
    comments: [],
    labels: [],
    faults: options.faults ?? [],
    requests: [],
    workflowRuns: [],
    nextId: 1_000,
    clock: 0,
    sleep: delays.sleep,
  };

  let closed = false;
  const server = http.createServer((req, res) => {
    if (closed) {
      res.destroy();
      return;
    }
    handle(state, req, res).catch((error) => {
      // A bug in the sink, not a scripted fault: make it loud.
      console.error('github sink: unhandled error', error);
      if (!res.headersSent) send(res, 500, { message: 'Server Error' });
      else res.destroy();
    });
  });
  state.apiBase = (await listenOnLoopback(server)).url;

  return {
    url: state.apiBase,
    owner,
    repo,
    issues: state.issues,
    comments: state.comments,
    labels: state.labels,
    requests: state.requests,
    faults: state.faults,
    addIssue: (seed) => addIssue(state, seed ?? {}),
    addLabel: (seed) => addLabel(state, seed.name, seed.color ?? 'ededed', seed.description ?? null),
    workflowRuns: state.workflowRuns,
    addWorkflowRun: (seed) => addWorkflowRun(state, seed),
    commentsOn: (number) => state.comments.filter((c) => c.issue_number === number),
    writes: () => state.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD'),
    close() {
      closed = true;
      delays.cancel();
      return closeServer(server);
    },
  };
}

// ---------------------------------------------------------------------------
// Scripted faults

/**
 * The answer a token without `issues: write` gets from a write.
 * @param {FaultMatch} [match]
 * @returns {Fault}
 */
export function resourceNotAccessible(match = {}) {
  return {
    ...match,
    status: 403,
    body: { message: 'Resource not accessible by integration', documentation_url: `${DOCS}/issues/issues#create-an-issue`, status: '403' },
  };
}

/**
 * GitHub's secondary (abuse) rate limit: 403 or 429, a message naming it, and usually retry-after.
 * @param {FaultMatch} [match]
 * @param {{ status?: 403 | 429; retryAfter?: number }} [how]
 * @returns {Fault}
 */
export function secondaryRateLimit(match = {}, how = {}) {
  /** @type {Record<string, string>} */
  const headers = how.retryAfter === undefined ? {} : { 'retry-after': String(how.retryAfter) };
  return {
    ...match,
    status: how.status ?? 403,
    headers,
    body: {
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
      documentation_url:
        'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      status: String(how.status ?? 403),
    },
  };
}

/**
 * The primary rate limit: 403 with x-ratelimit-remaining 0 and the reset time.
 * @param {FaultMatch} [match]
 * @param {{ resetInSeconds?: number }} [how]
 * @returns {Fault}
 */
export function primaryRateLimit(match = {}, how = {}) {
  const reset = Math.floor(Date.now() / 1000) + (how.resetInSeconds ?? 0);
  return {
    ...match,
    status: 403,
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '1000', 'x-ratelimit-reset': String(reset), 'x-ratelimit-used': '1000' },
    body: {
      message: 'API rate limit exceeded for installation ID 1.',
      documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`,
      status: '403',
    },
  };
}

/**
 * @param {SinkState} state
 * @param {string} method
 * @param {string} path
 */
function takeFault(state, method, path) {
  const index = state.faults.findIndex((f) => matches(f, method, path));
  if (index < 0) return undefined;
  const fault = state.faults[index];
  const left = (fault.times ?? 1) - 1;
  if (left <= 0) state.faults.splice(index, 1);
  else fault.times = left;
  return fault;
}

/**
 * @param {Fault} fault
 * @param {string} method
 * @param {string} path
 */
function matches(fault, method, path) {
  if (fault.method && fault.method.toUpperCase() !== method) return false;
  if (fault.path === undefined) return true;
  return typeof fault.path === 'string' ? fault.path === path : fault.path.test(path);
}

// ---------------------------------------------------------------------------
// Request handling

/** @type {[string, RegExp, (route: Route) => void][]} */
const ROUTES = [
  ['GET', /^\/user$/, getAuthenticatedUser],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/issues$/, listIssues],
  ['POST', /^\/repos\/([^/]+)\/([^/]+)\/issues$/, createIssue],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/, getIssue],
  ['PATCH', /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/, updateIssue],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/, listComments],
  ['POST', /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/, createComment],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/labels$/, listLabels],
  ['POST', /^\/repos\/([^/]+)\/([^/]+)\/labels$/, createLabel],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/labels\/([^/]+)$/, getLabel],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)$/, getWorkflowRun],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/runs$/, listWorkflowRuns],
];

/**
 * @param {SinkState} state
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 */
async function handle(state, req, res) {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', state.apiBase);
  const raw = await readBody(req);
  /** @type {RecordedRequest} */
  const record = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...req.headers },
    body: parseJson(raw),
    status: 0,
    at: Date.now(),
  };
  state.requests.push(record);
  /** @type {Reply} */
  const reply = (status, body, headers = {}) => {
    record.status = status;
    send(res, status, body, headers, state);
  };

  const fault = takeFault(state, method, url.pathname);
  if (fault) {
    if (fault.delayMs) await state.sleep(fault.delayMs);
    return reply(fault.status, fault.body ?? { message: http.STATUS_CODES[fault.status] ?? 'Error' }, fault.headers ?? {});
  }

  const auth = req.headers.authorization ?? '';
  const presented = auth.replace(/^(token|bearer)\s+/i, '');
  if (!/^(token|bearer)\s+\S/i.test(auth) || (state.token !== undefined && presented !== state.token)) {
    return reply(401, { message: auth ? 'Bad credentials' : 'Requires authentication', documentation_url: DOCS, status: '401' });
  }

  for (const [routeMethod, pattern, handler] of ROUTES) {
    const m = pattern.exec(url.pathname);
    if (!m) continue;
    if (
      m.length > 2 &&
      (decodeURIComponent(m[1]).toLowerCase() !== state.owner.toLowerCase() ||
        decodeURIComponent(m[2]).toLowerCase() !== state.repo.toLowerCase())
    ) {
      return reply(404, notFound());
    }
    if (routeMethod !== method) continue;
    if (raw !== '' && record.body === undefined)
      return reply(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
    return handler({ state, url, params: m.slice(3).map((p) => decodeURIComponent(p)), body: record.body ?? {}, reply });
  }
  return reply(404, notFound());
}

/** GET /user: the token's user; an installation token (GITHUB_TOKEN) gets 403, as on GitHub. */
/** @param {Route} route */
function getAuthenticatedUser({ state, reply }) {
  if (state.actor.type === 'Bot') {
    return reply(403, {
      message: 'Resource not accessible by integration',
      documentation_url: `${DOCS}/users/users#get-the-authenticated-user`,
      status: '403',
    });
  }
  return reply(200, { ...state.actor, name: null, email: null });
}

/**
 * @param {IncomingMessage} req
 * @returns {Promise<string>}
 */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * @param {string} raw
 * @returns {any} whatever the client sent
 */
function parseJson(raw) {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 * @param {SinkState} [state]
 */
function send(res, status, body, headers = {}, state) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-api-version-selected': API_VERSION,
    'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': String(Math.max(0, 5000 - (state?.requests.length ?? 0))),
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core',
    ...headers,
  });
  res.end(text);
}

const notFound = () => ({ message: 'Not Found', documentation_url: DOCS, status: '404' });

/**
 * @param {string} resource
 * @param {string} field
 * @param {string} code
 * @param {string} [message]
 */
function validationFailed(resource, field, code, message) {
  return {
    message: 'Validation Failed',
    errors: [{ resource, code, field, ...(message ? { message } : {}) }],
    documentation_url: DOCS,
    status: '422',
  };
}

/**
 * A strictly increasing clock so that created_at/closed_at order is well defined within a millisecond.
 * @param {SinkState} state
 */
function now(state) {
  const ms = Math.max(Date.now(), state.clock + 1000);
  state.clock = ms;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---------------------------------------------------------------------------
// Issues

/** @param {Route} route */
function listIssues({ state, url, reply }) {
  const stateFilter = url.searchParams.get('state') ?? 'open';
  if (!['open', 'closed', 'all'].includes(stateFilter)) {
    return reply(422, validationFailed('Issue', 'state', 'invalid'));
  }
  const wanted = (url.searchParams.get('labels') ?? '')
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l !== '');
  const direction = url.searchParams.get('direction') ?? 'desc';
  const sort = url.searchParams.get('sort') ?? 'created';
  const key = sort === 'updated' ? 'updated_at' : 'created_at';
  const selected = state.issues
    .filter((i) => stateFilter === 'all' || i.state === stateFilter)
    .filter((i) => wanted.every((w) => i.labels.some((l) => l.name.toLowerCase() === w)))
    .sort((a, b) => {
      const byKey = a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.number - b.number;
      return direction === 'asc' ? byKey : -byKey;
    });
  return paginate(state, url, selected, reply);
}

/**
 * @param {SinkState} state
 * @param {URL} url
 * @param {unknown[]} items
 * @param {Reply} reply
 */
function paginate(state, url, items, reply) {
  const requested = Number(url.searchParams.get('per_page') ?? DEFAULT_PAGE);
  const perPage = Math.max(1, Math.min(Number.isFinite(requested) && requested > 0 ? requested : DEFAULT_PAGE, state.pageCap));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (/** @type {number} */ n) => {
    // nextLinkOrigin plays a server whose Link header points elsewhere (a hostile proxy, a misconfigured GHES).
    const next = new URL(url.pathname, state.nextLinkOrigin ?? state.apiBase);
    for (const [k, v] of url.searchParams) if (k !== 'page') next.searchParams.set(k, v);
    next.searchParams.set('per_page', String(perPage));
    next.searchParams.set('page', String(n));
    return `<${next.href}>`;
  };
  /** @type {string[]} */
  const rels = [];
  if (page < lastPage) rels.push(`${link(page + 1)}; rel="next"`, `${link(lastPage)}; rel="last"`);
  if (page > 1) rels.push(`${link(1)}; rel="first"`, `${link(Math.min(page - 1, lastPage))}; rel="prev"`);
  return reply(200, slice, rels.length > 0 ? { link: rels.join(', ') } : {});
}

/**
 * @param {SinkState} state
 * @param {string | number} number
 */
function findIssue(state, number) {
  return state.issues.find((i) => i.number === Number(number));
}

/** @param {Route} route */
function getIssue({ state, params, reply }) {
  const issue = findIssue(state, params[0]);
  return issue ? reply(200, issue) : reply(404, notFound());
}

/** @param {Route} route */
function createIssue({ state, body, reply }) {
  if (typeof body.title !== 'string' || body.title.trim() === '') {
    return reply(422, validationFailed('Issue', 'title', 'missing_field'));
  }
  if (body.title.length > MAX_TITLE_CHARS) {
    return reply(422, validationFailed('Issue', 'title', 'custom', `title is too long (maximum is ${MAX_TITLE_CHARS} characters)`));
  }
  if (typeof body.body === 'string' && body.body.length > MAX_BODY_CHARS) {
    return reply(422, validationFailed('Issue', 'body', 'custom', `body is too long (maximum is ${MAX_BODY_CHARS} characters)`));
  }
  const assignees = Array.isArray(body.assignees) ? body.assignees.map(String) : [];
  const assignable = state.assignable;
  const unknown = assignable ? assignees.find((/** @type {string} */ a) => !assignable.has(a.toLowerCase())) : undefined;
  if (unknown !== undefined) {
    return reply(422, {
      message: 'Validation Failed',
      errors: [{ value: unknown, resource: 'Issue', field: 'assignees', code: 'invalid' }],
      documentation_url: DOCS,
      status: '422',
    });
  }
  const labelNames = Array.isArray(body.labels)
    ? body.labels.map((/** @type {any} */ l) => (typeof l === 'string' ? l : String(l?.name ?? '')))
    : [];
  const issue = addIssue(state, { title: body.title, body: body.body ?? null, labels: labelNames, assignees, user: state.actor });
  return reply(201, issue, { location: issue.url });
}

/** @param {Route} route */
function updateIssue({ state, params, body, reply }) {
  const issue = findIssue(state, params[0]);
  if (!issue || issue.pull_request) return reply(404, notFound());
  if (body.state !== undefined && body.state !== 'open' && body.state !== 'closed') {
    return reply(422, validationFailed('Issue', 'state', 'invalid'));
  }
  if (
    body.state_reason !== undefined &&
    body.state_reason !== null &&
    !['completed', 'not_planned', 'reopened', 'duplicate'].includes(body.state_reason)
  ) {
    return reply(422, validationFailed('Issue', 'state_reason', 'invalid'));
  }
  if (typeof body.body === 'string' && body.body.length > MAX_BODY_CHARS) {
    return reply(422, validationFailed('Issue', 'body', 'custom', `body is too long (maximum is ${MAX_BODY_CHARS} characters)`));
  }
  if (typeof body.title === 'string') {
    if (body.title.length > MAX_TITLE_CHARS) return reply(422, validationFailed('Issue', 'title', 'custom', 'title is too long'));
    issue.title = body.title;
  }
  if (typeof body.body === 'string') issue.body = body.body;
  if (Array.isArray(body.labels))
    issue.labels = body.labels.map((/** @type {any} */ l) => ensureLabel(state, typeof l === 'string' ? l : String(l?.name ?? '')));
  const at = now(state);
  if (body.state === 'closed' && issue.state !== 'closed') {
    issue.state = 'closed';
    issue.closed_at = at;
    issue.closed_by = BOT;
    issue.state_reason = body.state_reason ?? 'completed';
  } else if (body.state === 'open' && issue.state !== 'open') {
    issue.state = 'open';
    issue.closed_at = null;
    issue.closed_by = null;
    issue.state_reason = 'reopened';
  } else if (body.state_reason !== undefined && issue.state === 'closed') {
    issue.state_reason = body.state_reason;
  }
  issue.updated_at = at;
  return reply(200, issue);
}

/** @param {Route} route */
function listComments({ state, url, params, reply }) {
  const issue = findIssue(state, params[0]);
  if (!issue) return reply(404, notFound());
  return paginate(
    state,
    url,
    state.comments.filter((c) => c.issue_number === issue.number),
    reply,
  );
}

/** @param {Route} route */
function createComment({ state, params, body, reply }) {
  const issue = findIssue(state, params[0]);
  if (!issue) return reply(404, notFound());
  if (typeof body.body !== 'string' || body.body === '') return reply(422, validationFailed('IssueComment', 'body', 'missing_field'));
  if (body.body.length > MAX_BODY_CHARS) {
    return reply(422, validationFailed('IssueComment', 'body', 'custom', `body is too long (maximum is ${MAX_BODY_CHARS} characters)`));
  }
  if (issue.locked)
    return reply(403, { message: 'Unable to create comment because issue is locked.', documentation_url: DOCS, status: '403' });
  const id = state.nextId++;
  const at = now(state);
  const comment = {
    id,
    node_id: nodeId('IC', id),
    url: `${state.apiBase}/repos/${state.owner}/${state.repo}/issues/comments/${id}`,
    html_url: `${issue.html_url}#issuecomment-${id}`,
    issue_url: issue.url,
    body: body.body,
    user: state.actor,
    created_at: at,
    updated_at: at,
    author_association: 'NONE',
    // Not in GitHub's answer: kept for tests that look comments up by issue.
    issue_number: issue.number,
  };
  state.comments.push(comment);
  issue.comments += 1;
  issue.updated_at = at;
  return reply(201, comment, { location: comment.url });
}

/**
 * @param {SinkState} state
 * @param {IssueSeed} seed
 * @returns {SinkIssue}
 */
function addIssue(state, seed) {
  const number = state.issues.length + 1;
  const id = state.nextId++;
  const at = seed.created_at ?? now(state);
  const isClosed = seed.state === 'closed';
  /** @type {SinkIssue} */
  const issue = {
    id,
    node_id: nodeId('I', id),
    url: `${state.apiBase}/repos/${state.owner}/${state.repo}/issues/${number}`,
    repository_url: `${state.apiBase}/repos/${state.owner}/${state.repo}`,
    labels_url: `${state.apiBase}/repos/${state.owner}/${state.repo}/issues/${number}/labels{/name}`,
    comments_url: `${state.apiBase}/repos/${state.owner}/${state.repo}/issues/${number}/comments`,
    events_url: `${state.apiBase}/repos/${state.owner}/${state.repo}/issues/${number}/events`,
    html_url: `${state.htmlBase}/${state.owner}/${state.repo}/${seed.pull_request ? 'pull' : 'issues'}/${number}`,
    number,
    state: isClosed ? 'closed' : 'open',
    state_reason: isClosed ? (seed.state_reason ?? 'completed') : null,
    title: seed.title ?? `Issue ${number}`,
    body: seed.body ?? null,
    user: seed.user ?? BOT,
    labels: (seed.labels ?? []).map((name) => ensureLabel(state, name)),
    assignee: null,
    assignees: (seed.assignees ?? []).map((login, i) => ({ login, id: 9000 + i, type: 'User', site_admin: false })),
    milestone: null,
    locked: seed.locked ?? false,
    active_lock_reason: seed.locked ? 'resolved' : null,
    comments: 0,
    created_at: at,
    updated_at: seed.updated_at ?? at,
    closed_at: isClosed ? (seed.closed_at ?? at) : null,
    closed_by: isClosed ? BOT : null,
    author_association: 'NONE',
    ...(seed.pull_request
      ? {
          pull_request: {
            url: `${state.apiBase}/repos/${state.owner}/${state.repo}/pulls/${number}`,
            html_url: `${state.htmlBase}/${state.owner}/${state.repo}/pull/${number}`,
            merged_at: null,
          },
        }
      : {}),
  };
  issue.assignee = issue.assignees[0] ?? null;
  state.issues.push(issue);
  return issue;
}

/**
 * @param {string} prefix
 * @param {number} id
 */
function nodeId(prefix, id) {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64url')}`;
}

// ---------------------------------------------------------------------------
// Labels

/**
 * @param {SinkState} state
 * @param {string} name
 */
function findLabel(state, name) {
  return state.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
}

/**
 * @param {SinkState} state
 * @param {string} name
 * @param {string} color
 * @param {string | null} description
 * @returns {SinkLabel}
 */
function addLabel(state, name, color, description) {
  const id = state.nextId++;
  const label = {
    id,
    node_id: nodeId('LA', id),
    url: `${state.apiBase}/repos/${state.owner}/${state.repo}/labels/${encodeURIComponent(name)}`,
    name,
    color,
    default: false,
    description,
  };
  state.labels.push(label);
  return label;
}

/** As GitHub does when an issue is created or edited with a label that does not exist yet. */
/**
 * @param {SinkState} state
 * @param {string} name
 */
function ensureLabel(state, name) {
  return findLabel(state, name) ?? addLabel(state, name, 'ededed', null);
}

/** @param {Route} route */
function listLabels({ state, url, reply }) {
  return paginate(state, url, state.labels, reply);
}

/** @param {Route} route */
function getLabel({ state, params, reply }) {
  const label = findLabel(state, params[0]);
  return label ? reply(200, label) : reply(404, notFound());
}

/** @param {Route} route */
function createLabel({ state, body, reply }) {
  if (typeof body.name !== 'string' || body.name.trim() === '') return reply(422, validationFailed('Label', 'name', 'missing_field'));
  if (body.name.length > 50) return reply(422, validationFailed('Label', 'name', 'custom', 'name is too long (maximum is 50 characters)'));
  const color = String(body.color ?? 'ededed').replace(/^#/, '');
  if (!/^[0-9a-f]{6}$/i.test(color)) return reply(422, validationFailed('Label', 'color', 'invalid'));
  if (typeof body.description === 'string' && body.description.length > 100) {
    return reply(422, validationFailed('Label', 'description', 'custom', 'description is too long (maximum is 100 characters)'));
  }
  if (findLabel(state, body.name)) return reply(422, validationFailed('Label', 'name', 'already_exists'));
  return reply(201, addLabel(state, body.name, color.toLowerCase(), body.description ?? null));
}

// ---------------------------------------------------------------------------
// Actions: workflow runs (for 'since: auto', which starts after the previous successful run)

/**
 * Records a workflow run the sink will serve.
 * @param {SinkState} state
 * @param {{ id: number, workflowId?: number, conclusion?: string | null, startedAt: string | Date }} seed
 */
function addWorkflowRun(state, seed) {
  const started = new Date(seed.startedAt).toISOString();
  const run = {
    id: seed.id,
    workflow_id: seed.workflowId ?? 1,
    status: seed.conclusion === null ? 'in_progress' : 'completed',
    conclusion: seed.conclusion === undefined ? 'success' : seed.conclusion,
    created_at: started,
    run_started_at: started,
    updated_at: started,
    html_url: `${state.htmlBase}/${state.owner}/${state.repo}/actions/runs/${seed.id}`,
  };
  state.workflowRuns.push(run);
  return run;
}

/** @param {Route} route */
function getWorkflowRun({ state, params, reply }) {
  const run = state.workflowRuns.find((r) => String(r.id) === params[0]);
  return run ? reply(200, run) : reply(404, notFound());
}

/** Newest first; `status=success` keeps completed successful runs, as GitHub does. */
/** @param {Route} route */
function listWorkflowRuns({ state, url, params, reply }) {
  const status = url.searchParams.get('status');
  const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30) || 30, 100);
  const runs = state.workflowRuns
    .filter((r) => String(r.workflow_id) === params[0])
    .filter((r) => !status || r.conclusion === status || r.status === status)
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
  return reply(200, { total_count: runs.length, workflow_runs: runs.slice(0, perPage) });
}
