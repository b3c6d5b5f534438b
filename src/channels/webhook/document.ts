import { byAttention, changeOf } from '../../report/attention.js';
import { CHANNELS } from '../../report/deliveries.js';
import type { Report } from '../../report/report.js';
import { siteLabel, siteOf } from '../../text/site-label.js';
import type { Group, VolumeProblem } from '../../types.js';
import { VOLUME_WHAT_TO_CHECK } from '../../volume/text.js';
import type { NoticeKind } from '../channel.js';
import { ownUrl, plainText } from '../text.js';
import { noticeView, type NoticeView } from '../view.js';
import { volumeLines } from '../volume-view.js';

/**
 * The webhook's JSON document, version 1: what a run found and did, for any
 * tool (n8n, Zapier, a ticket system, an on-call tool). Its shape is
 * schema/webhook-v1.json (checked in a test); a new field is a minor change,
 * a renamed or removed one makes version 2 (a new file beside it).
 *
 * Top-level `message`, `alias`, `description`, `priority`, `tags`, `entity`
 * and `details` are the fields Opsgenie's Webhook integration reads, and
 * `pagerduty` holds an Events API v2 event without its routing key, so an
 * on-call tool takes the document as it is (README: forwarding).
 *
 * Untrusted text is cleaned (no control or bidi characters) and cut, never
 * escaped: JSON carries it as data, and the receiver renders it.
 */
const WEBHOOK_SCHEMA_VERSION = 1;
/** Groups in the document at most (alerting ones first); the rest are counted in `groupsOmitted`. */
const MAX_GROUPS = 50;
const MAX_SITES = 200;
const TEXT = { message: 1_000, diagnosis: 1_000, value: 300, line: 1_000, site: 200 } as const;

export interface WebhookIds {
  /** One per delivery, kept across retries: a receiver can drop a repeat. */
  readonly id: string;
  readonly sentAt: Date;
}

/** The fields the sender reads; the schema file describes them all. */
export interface WebhookDocument {
  readonly schemaVersion: typeof WEBHOOK_SCHEMA_VERSION;
  readonly id: string;
  readonly event: NoticeKind;
  readonly timestamp: number;
  readonly tool: { readonly name: string; readonly version: string };
  readonly [field: string]: unknown;
}

export function webhookDocument(kind: NoticeKind, report: Report, ids: WebhookIds): WebhookDocument {
  // A clean run sent only because of webhook-on: always says what the all-clear says (the sites the volume check could not check).
  const view = noticeView(kind === 'report' ? (report.status === 'clean' ? 'all-clear' : 'alert') : kind, report);
  const summary = kind === 'report' && !report.alerting?.alert ? plainText(`Piwik PRO: ${report.status} run`, 200) : view.headline;
  const ordered = byAttention(report);
  const groups = ordered.slice(0, MAX_GROUPS).map((g) => groupOf(g, report));
  const timestamp = Math.floor(ids.sentAt.getTime() / 1000);
  return {
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    id: ids.id,
    event: kind,
    sentAt: new Date(timestamp * 1000).toISOString(),
    timestamp,
    summary,
    tool: report.tool,
    run: runOf(report),
    status: report.status,
    instanceUrl: report.instanceUrl,
    window: report.window,
    totals: report.totals,
    alerting: report.alerting
      ? {
          notify: report.alerting.notify,
          newEvents: report.alerting.newEvents,
          alertingGroups: report.alerting.alertingGroups,
          silencedGroups: report.alerting.silencedGroups,
          alert: report.alerting.alert,
        }
      : null,
    sites: report.sites.slice(0, MAX_SITES).map((s) => ({
      siteId: s.siteId,
      name: s.name === undefined ? null : plainText(s.name, TEXT.site),
      complete: s.complete,
      eventCount: s.eventCount,
      error: s.error === undefined ? null : plainText(s.error, TEXT.line),
      volume: s.volume
        ? { status: s.volume.status, reason: s.volume.reason === undefined ? null : plainText(s.volume.reason, TEXT.line) }
        : null,
    })),
    sitesOmitted: Math.max(0, report.sites.length - MAX_SITES),
    groups,
    groupsOmitted: ordered.length - groups.length,
    errors: report.errors.slice(0, 20).map((e) => plainText(e, TEXT.line)),
    warnings: report.warnings.slice(0, 20).map((w) => plainText(w, TEXT.line)),
    deliveries: deliveriesOf(report),
    ...onCallFields(kind, report, summary, descriptionLines(view)),
  };
}

/** The summary's lines (Opsgenie's description): SILENT and DROP first, as in every channel, then the totals and notices. */
function descriptionLines(view: NoticeView): string[] {
  const volume = view.alerting.flatMap((g) => {
    if (g.kind !== 'volume') return [];
    const { head, facts } = volumeLines(g);
    return [head, ...facts];
  });
  return [...volume, ...view.lines];
}

function runOf(report: Report): Record<string, string | null> {
  const { url, repository, runId, workflow } = report.run;
  return { url: ownUrl(url) ?? null, repository: repository ?? null, runId: runId ?? null, workflow: workflow ?? null };
}

function groupOf(group: Group, report: Report): Record<string, unknown> {
  const causes = (group.diagnosis?.findings ?? []).filter((f) => f.severity === 'cause').slice(0, 5);
  const top = causes.at(0);
  const issueUrl = ownUrl(group.issue?.url);
  return {
    fingerprint: group.fingerprint,
    siteId: group.siteId,
    site: plainText(siteLabel(siteOf(report.sites, group.siteId)), TEXT.site),
    eventType: group.eventType,
    eventTypeLabel: group.eventTypeLabel,
    message: plainText(group.message, TEXT.message),
    state: group.state ?? null,
    change: changeOf(group, report.alerting?.notify) ?? null,
    alert: group.alert ?? !group.silenced,
    silenced: group.silenced !== undefined,
    count: group.count,
    newCount: group.newCount ?? group.count,
    sessionCount: group.sessionCount,
    firstSeen: group.firstSeen,
    lastSeen: group.lastSeen,
    diagnosis: group.diagnosis?.summary ? plainText(group.diagnosis.summary, TEXT.diagnosis) : null,
    fix: top ? plainText(top.hint, TEXT.diagnosis) : null,
    parameters: causes.map((f) => ({
      parameter: plainText(f.parameter, 100),
      value: plainText(f.value, TEXT.value),
      problem: plainText(f.problem, TEXT.line),
    })),
    issue: group.issue && issueUrl ? { number: group.issue.number, url: issueUrl, action: group.issue.action } : null,
    volume: group.volume ? volumeOf(group.volume) : null,
  };
}

/** A SILENT or DROP group's measures, and what to check (it has no diagnosis, fix or parameters). */
function volumeOf(problem: VolumeProblem): Record<string, unknown> {
  return {
    kind: problem.kind,
    spanMinutes: problem.spanMinutes,
    pageViews: problem.pageViews,
    expected: problem.expected,
    lastPageView: problem.lastPageView ?? null,
    quietSince: problem.quietSince,
    quietMinutes: problem.quietMinutes,
    lastWeekSpan: problem.lastWeekSpan ?? null,
    whatToCheck: VOLUME_WHAT_TO_CHECK.text,
  };
}

/** What the other deliveries did (the webhook goes last): status and detail; GitHub issues with their count. */
function deliveriesOf(report: Report): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const { github, annotations } = report.deliveries;
  for (const { key } of CHANNELS) {
    if (key === 'webhook') continue;
    const d = report.deliveries[key];
    out[key] = { status: d.status, detail: d.detail === undefined ? null : plainText(d.detail, TEXT.line) };
  }
  out.github = {
    status: github.status,
    detail: github.detail === undefined ? null : plainText(github.detail, TEXT.line),
    issues: github.urls?.length ?? 0,
  };
  if (annotations)
    out.annotations = {
      status: annotations.status,
      detail: annotations.detail === undefined ? null : plainText(annotations.detail, TEXT.line),
    };
  return out;
}

/** Opsgenie's Webhook integration fields at the top, and an Events API v2 event (without routing_key) under `pagerduty`. */
function onCallFields(kind: NoticeKind, report: Report, summary: string, lines: readonly string[]): Record<string, unknown> {
  const source = report.run.repository ?? hostOf(report.instanceUrl);
  const alias = plainText(`piwik-pro-broken-events/${source}`, 250);
  const severity = kind === 'failure' ? 'error' : kind === 'alert' ? 'warning' : 'info';
  const runUrl = ownUrl(report.run.url);
  return {
    message: plainText(summary, 130),
    alias,
    description: lines.join('\n').slice(0, 10_000),
    priority: kind === 'failure' || kind === 'alert' ? 'P2' : 'P5',
    tags: ['piwik-pro', 'tracking', kind],
    entity: plainText(hostOf(report.instanceUrl), 500),
    details: { status: report.status, events: String(report.totals.events), groups: String(report.totals.groups), run: runUrl ?? '' },
    pagerduty: {
      event_action: kind === 'all-clear' ? 'resolve' : 'trigger',
      dedup_key: alias,
      payload: {
        summary: plainText(summary, 1_000),
        source: plainText(source, 255),
        severity,
        timestamp: report.generatedAt,
        component: 'tracking',
        class: 'broken-events',
      },
      links: runUrl ? [{ href: runUrl, text: 'Workflow run (job summary)' }] : [],
      client: 'Piwik PRO Broken Event Checker',
      ...(runUrl ? { client_url: runUrl } : {}),
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
