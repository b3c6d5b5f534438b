// Generated from action.yml by scripts/action-inputs.mjs (`npm run docs`, `npm run build`): do not edit.
// test/config/action-inputs.test.ts fails when this file and action.yml disagree.

/** One input of action.yml: the CLI offers each as a flag and an environment variable (src/cli/inputs.ts). */
export interface ActionInput {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  /** action.yml's default, verbatim ('' when it has none). */
  readonly default: string;
  /** Its description says to store it as a secret: masked first, never printed, scrubbed from everything written. */
  readonly secret: boolean;
}

export const ACTION_INPUTS: readonly ActionInput[] = [
  {
    name: 'instance-url',
    description:
      'Your Piwik PRO account URL, e.g. https://ACCOUNT.piwik.pro. https only; plain http is accepted for loopback hosts (127.0.0.0/8, localhost, [::1]). A trailing slash is fine.',
    required: true,
    default: '',
    secret: false,
  },
  {
    name: 'site-id',
    description: 'One or more site/app UUIDs, separated by commas, spaces or newlines.',
    required: true,
    default: '',
    secret: false,
  },
  {
    name: 'client-id',
    description: 'Piwik PRO API client ID.',
    required: true,
    default: '',
    secret: false,
  },
  {
    name: 'client-secret',
    description: 'Piwik PRO API client secret. Store it as a repository secret.',
    required: true,
    default: '',
    secret: true,
  },
  {
    name: 'event-types',
    description:
      "Comma-separated event types to report, as names (broken, excluded, page-view, custom-event, …) or numbers from the Debugger API's enum (1-9, 11-21).",
    required: false,
    default: 'broken',
    secret: false,
  },
  {
    name: 'lookup-window',
    description: "Minutes to look back, 1-300 (the Debugger API's own bounds).",
    required: false,
    default: '60',
    secret: false,
  },
  {
    name: 'max-sessions',
    description: 'Sessions scanned per site at most; a warning says when the cap cut the scan.',
    required: false,
    default: '1000',
    secret: false,
  },
  {
    name: 'page-url',
    description: "Only sessions with an event whose URL contains this text (the Debugger API's page_url filter).",
    required: false,
    default: '',
    secret: false,
  },
  {
    name: 'fetch-logs',
    description:
      "Whose raw tracking requests to fetch. samples = the few each group shows (earliest, latest and one more, with spares; one batched request per site); all = every matched event's, written as they arrive to an NDJSON file beside the report (output raw-requests-path; keep it as an artifact, it outlives the Debugger's 300 minutes); none = no raw requests. true and false still mean samples and none.",
    required: false,
    default: 'samples',
    secret: false,
  },
  {
    name: 'redact',
    description:
      'Remove personal data (user and visitor ids, IP addresses, user agents, e-mail addresses, personal query parameters) from raw requests and URLs everywhere the action writes them.',
    required: false,
    default: 'true',
    secret: false,
  },
  {
    name: 'since',
    description:
      "Which events are new and may alert. auto = after the last successful scan recorded in state-file when one is given, else after the start of the previous successful run of this workflow (needs actions read permission; else the whole window, with a notice); in every case a group's events already reported on its issue count as reported; window = every event in the window; tag-manager = after each site's latest Tag Manager publish (a release gate for Tag Manager changes); or an ISO-8601 time such as 2026-11-29T14:05:00Z (e.g. the deploy time). Older events are still reported as already reported.",
    required: false,
    default: 'auto',
    secret: false,
  },
  {
    name: 'state-file',
    description:
      'Path of a JSON file where the run remembers what it reported (per site the last successful scan, per group the last reported count and time), for runners that keep their workspace. Read by since auto before the Actions API; written after a successful run (atomically; ids, counts and times only). Empty = no state file.',
    required: false,
    default: '',
    secret: false,
  },
  {
    name: 'notify',
    description:
      'changes = post to the channels only when a group is NEW, REGRESSED, or has grown past escalate-factor; always = whenever new events are found. The summary and outputs always tell everything.',
    required: false,
    default: 'changes',
    secret: false,
  },
  {
    name: 'escalate-factor',
    description: 'A known group alerts again when its count reaches this multiple of the count last reported on its issue (1-1000).',
    required: false,
    default: '2',
    secret: false,
  },
  {
    name: 'min-events',
    description: 'Fewer new events than this in a run are reported but neither alert nor fail the step.',
    required: false,
    default: '1',
    secret: false,
  },
  {
    name: 'ignore',
    description:
      'Silences, one rule a line, a fingerprint or a text the error message contains, optionally followed by "until YYYY-MM-DD". Matching groups are reported as silenced and never alert, fail the step (fail-on-events) or end a watch; an expired rule is ignored with a notice.',
    required: false,
    default: '',
    secret: false,
  },
  {
    name: 'slack-webhook-url',
    description: 'Slack incoming-webhook URL; when set, one digest message is posted per run that alerts. Store it as a secret.',
    required: false,
    default: '',
    secret: true,
  },
  {
    name: 'slack-mention',
    description: 'Text added to the Slack digest as given, e.g. <!here> or <@U123ABC> (from you, never from the API).',
    required: false,
    default: '',
    secret: false,
  },
  {
    name: 'slack-on-clean',
    description: 'Old name of notify-on-clean, still read (used when notify-on-clean is left at its default).',
    required: false,
    default: 'false',
    secret: false,
  },
  {
    name: 'slack-on-failure',
    description: 'Old name of notify-on-failure, still read (used when notify-on-failure is left at its default).',
    required: false,
    default: 'true',
    secret: false,
  },
  {
    name: 'notify-on-clean',
    description:
      'Post a short all-clear to every channel (Slack, Teams, e-mail, the webhook) when a run finds nothing (useful after deploys).',
    required: false,
    default: 'false',
    secret: false,
  },
  {
    name: 'notify-on-failure',
    description:
      'Post a short "monitor could not check site X" message to every channel when the scan fails, so a blind monitor is never taken for a quiet one.',
    required: false,
    default: 'true',
    secret: false,
  },
  {
    name: 'teams-webhook-url',
    description:
      'Microsoft Teams Workflows webhook URL ("Post to a channel when a webhook request is received"); when set, one Adaptive Card is posted per run that alerts. Retired Office 365 connector URLs are refused. Store it as a secret.',
    required: false,
    default: '',
    secret: true,
  },
  {
    name: 'webhook-url',
    description:
      'URL that gets one JSON document (schema/webhook-v1.json) per run that alerts, for any tool (n8n, Zapier, Opsgenie, a ticket system). https; plain http only for loopback hosts. Store it as a secret.',
    required: false,
    default: '',
    secret: true,
  },
  {
    name: 'webhook-secret',
    description:
      "Signs the webhook's body with HMAC-SHA256 in X-Hub-Signature-256 (as GitHub's webhooks do), with X-Piwik-Checker-Timestamp against replays; at least 16 characters. Store it as a secret.",
    required: false,
    default: '',
    secret: true,
  },
  {
    name: 'webhook-on',
    description:
      'alerts = post to webhook-url when the other channels post (an alert, a failure notice, an all-clear); always = after every run.',
    required: false,
    default: 'alerts',
    secret: false,
  },
  {
    name: 'smtp-url',
    description:
      'SMTP server for e-mail, e.g. smtps://USER:PASSWORD@smtp.example.com:465, or smtp://USER:PASSWORD@smtp.example.com:587 (STARTTLS required; plain only for loopback hosts); user and password URL-encoded. Store it as a secret.',
    required: false,
    default: '',
    secret: true,
  },
  {
    name: 'email-to',
    description: 'Comma-separated addresses that get one e-mail per run that alerts (needs smtp-url and email-from).',
    required: false,
    default: '',
    secret: false,
  },
  {
    name: 'email-from',
    description: "The e-mail's sender, an address or 'Name <address>' the SMTP server lets you send as.",
    required: false,
    default: '',
    secret: false,
  },
  {
    name: 'create-issue',
    description: 'Open (or update) one GitHub issue per error group; needs issues write permission.',
    required: false,
    default: 'false',
    secret: false,
  },
  {
    name: 'github-token',
    description:
      "Token for the GitHub API (issues, and the previous run for since auto). Store it as a secret (the default, the workflow's own token, is one).",
    required: false,
    default: '${{ github.token }}',
    secret: true,
  },
  {
    name: 'issue-labels',
    description: 'Comma-separated labels for the issues the action opens; the first one also finds them again. Missing labels are created.',
    required: false,
    default: 'broken-events',
    secret: false,
  },
  {
    name: 'issue-assignees',
    description: 'Comma-separated GitHub users to assign new issues to.',
    required: false,
    default: '',
    secret: false,
  },
  {
    name: 'close-resolved',
    description:
      "Close open issues whose group had no event in this run's window, for sites scanned completely (never when a scan was capped or failed, or skipped a line it could not read).",
    required: false,
    default: 'false',
    secret: false,
  },
  {
    name: 'max-open-issues',
    description:
      'At most this many open issues with the first of issue-labels, counted across runs; a group past the limit gets no issue of its own but a line in one summary issue, and is counted, not listed, in Slack (1-10000).',
    required: false,
    default: '30',
    secret: false,
  },
  {
    name: 'fail-on-events',
    description: 'Mark the step failed when matching events are found (a post-deploy gate). Everything else is written first.',
    required: false,
    default: 'false',
    secret: false,
  },
  {
    name: 'annotate',
    description:
      'Add a public annotation in Piwik PRO Analytics for each error group that becomes new or regressed (dated the day of its first event, naming the error and the count; never twice for one group and day).',
    required: false,
    default: 'false',
    secret: false,
  },
  {
    name: 'publish-blame-minutes',
    description:
      "Minutes after a Tag Manager publish within which a new or returning problem that began after it is laid at it, 1-1440. Every place that shows the problem then names the version, its publish time and what changed in it; needs the API client to have view access to the site's Tag Manager (else one notice, and no blame).",
    required: false,
    default: '120',
    secret: false,
  },
  {
    name: 'watch-minutes',
    description:
      "Watch after a deploy instead of looking once, 0-300 minutes (0 = one scan). Above 0, the action scans every watch-interval seconds for events newer than since (with since auto, the step's start) and stops at the first new ones, which are reported as usual (with fail-on-events, the step fails). When none appear in that time, it succeeds. timeout-seconds must be larger than the watch.",
    required: false,
    default: '0',
    secret: false,
  },
  {
    name: 'watch-interval',
    description:
      'Seconds between two scans of a watch, 10-3600. Each scan asks only for the minutes after since; raw requests are fetched only once something is found.',
    required: false,
    default: '30',
    secret: false,
  },
  {
    name: 'silence-minutes',
    description:
      'Minutes without any page view or event after which a site counts as silent (SILENT), 1-300; also the span a drop is judged over. Empty means 30, or 10 in a watch (watch-minutes above 0). A site is silent only where its traffic just before (or at the same time last week) makes at least 10 page views expected in that span, so a quiet site never alerts.',
    required: false,
    default: '',
    secret: false,
  },
  {
    name: 'drop-percent',
    description:
      'A drop (DROP): page views in the last silence-minutes below this percentage of the same span one week earlier, 1-99, judged when that span had at least 50 page views last week.',
    required: false,
    default: '20',
    secret: false,
  },
  {
    name: 'volume-check',
    description:
      'Check that tracking arrives at all (SILENT and DROP, read from the Analytics HTTP API: at most 2 requests per site and run): on, off, or the site ids to check, comma-separated (each must be one of site-id).',
    required: false,
    default: 'on',
    secret: false,
  },
  {
    name: 'dry-run',
    description:
      'Send nothing anywhere (no message to any channel, no issue, no annotation; each message is printed instead); everything else as usual.',
    required: false,
    default: 'false',
    secret: false,
  },
  {
    name: 'timeout-seconds',
    description:
      'Time budget for the whole run (a watch included), 1-21600 seconds; requests still running then are stopped and the step fails with what it had.',
    required: false,
    default: '600',
    secret: false,
  },
];

/** The inputs that are secrets, in action.yml order. */
export const SECRET_INPUTS: readonly string[] = ACTION_INPUTS.filter((input) => input.secret).map((input) => input.name);
