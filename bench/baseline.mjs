// The baseline the action is compared with on the scale case: how the earlier
// one-off scripts did the job. Written for the bench, deliberately naive, and
// kept that way; it is the yardstick, not something to improve:
//
// - one token request;
// - per site, one Debugger call, its whole body read into memory with
//   `await res.text()`, split on newlines and JSON.parse'd line by line;
// - then, for each session, the first broken event gets one log request (the
//   documented /logs?log_uuids= with a single id, or with
//   BASELINE_LOG_ENDPOINT=legacy the older /log?app_id&event_ids&server_time_min&server_time_max)
//   and one Slack post of its own;
// - every request strictly after the previous one: sites, sessions, logs, posts.
//
// Run as a child process (like the action), so both wall times include a
// process start. Configured by environment variables (see `fromEnv`); prints
// one JSON line of counts on stdout.
import { pathToFileURL } from 'node:url';

/** Hard caps, so a wrong dataset can never turn this into an endless loop. */
const MAX_SITES = 50;
const MAX_SESSIONS_PER_SITE = 10_000;

export function fromEnv(env = process.env) {
  return {
    instanceUrl: (env.BASELINE_INSTANCE_URL ?? '').replace(/\/+$/, ''),
    siteIds: (env.BASELINE_SITE_IDS ?? '').split(',').filter(Boolean).slice(0, MAX_SITES),
    clientId: env.BASELINE_CLIENT_ID ?? '',
    clientSecret: env.BASELINE_CLIENT_SECRET ?? '',
    slackUrl: env.BASELINE_SLACK_URL || undefined,
    logEndpoint: env.BASELINE_LOG_ENDPOINT === 'legacy' ? 'legacy' : 'logs',
    lookupWindow: Number(env.BASELINE_LOOKUP_WINDOW ?? 60),
    limit: Math.min(Number(env.BASELINE_LIMIT ?? 1000), MAX_SESSIONS_PER_SITE),
  };
}

export async function runBaseline(options) {
  const counts = { sessions: 0, brokenSessions: 0, logRequests: 0, rawRequests: 0, slackPosts: 0, slackFailures: 0 };

  const tokenResponse = await fetch(`${options.instanceUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret }),
  });
  if (!tokenResponse.ok) throw new Error(`token: HTTP ${tokenResponse.status}`);
  const { access_token: token } = await tokenResponse.json();
  const headers = { authorization: `Bearer ${token}` };

  for (const siteId of options.siteIds) {
    const query = new URLSearchParams({
      app_id: siteId,
      lookup_window: String(options.lookupWindow),
      event_type: '17',
      limit: String(options.limit),
    });
    const res = await fetch(`${options.instanceUrl}/api/tracker/v1/debugger?${query}`, { headers });
    if (!res.ok) throw new Error(`debugger: HTTP ${res.status}`);
    // The whole answer in memory, then parsed: what the old scripts did.
    const text = await res.text();
    const sessions = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line))
      .slice(0, MAX_SESSIONS_PER_SITE);
    counts.sessions += sessions.length;

    for (const session of sessions) {
      const event = (session.events ?? []).find((e) => Array.isArray(e.event_type) && e.event_type[0] === 17);
      if (!event) continue;
      counts.brokenSessions += 1;

      const logRes = await fetch(`${options.instanceUrl}${logPath(options.logEndpoint, siteId, event)}`, { headers });
      counts.logRequests += 1;
      const logText = await logRes.text();
      const raw = logRes.ok
        ? logText
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l))
        : [];
      counts.rawRequests += raw.length;

      if (options.slackUrl) {
        const post = await fetch(options.slackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            text: `Broken event on site ${siteId}: ${event.error_message ?? '(no message)'} (event ${event.event_id_str}, session ${session.session_id_str})`,
          }),
        });
        await post.text();
        if (post.ok) counts.slackPosts += 1;
        else counts.slackFailures += 1;
      }
    }
  }
  return counts;
}

function logPath(endpoint, siteId, event) {
  if (endpoint === 'legacy') {
    const query = new URLSearchParams({
      app_id: siteId,
      event_ids: event.event_id_str,
      server_time_min: event.server_time,
      server_time_max: event.server_time,
    });
    return `/api/tracker/v1/log?${query}`;
  }
  return `/api/tracker/v1/logs?app_id=${siteId}&log_uuids=${event.log_uuids?.[0] ?? ''}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runBaseline(fromEnv()).then(
    (counts) => process.stdout.write(`${JSON.stringify(counts)}\n`),
    (error) => {
      console.error(`baseline: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}
