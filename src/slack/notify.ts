import type { Config } from '../config.js';
import type { HttpClient } from '../http/client.js';
import type { Delivery, Report } from '../report/report.js';
import { alertableNewEvents } from '../report/verdict.js';
import type { Scrubber } from '../safety/secrets.js';
import { plural } from '../text/plural.js';
import { buildAllClear, buildDigest, buildFailureNotice, type SlackMessage } from './message.js';
import { describeForLog, sendSlack } from './send.js';

/** What choosing and sending a Slack message needs of the run's settings. */
export type SlackSettings = Pick<Config, 'slack' | 'dryRun' | 'alerting' | 'names'>;

export interface SlackTarget {
  readonly webhookUrl: string;
  readonly mention?: string;
}

export interface NotifyDeps {
  readonly http: HttpClient;
  readonly scrubber: Scrubber;
  readonly showDryRun: (title: string, payload: string) => void;
}

/** One message at most to one webhook: the digest when something alerts, else the failure notice or the all-clear when asked for. */
export async function notifySlack(config: SlackSettings, target: SlackTarget, report: Report, deps: NotifyDeps): Promise<Delivery> {
  const message = chooseMessage(config, target, report);
  if (!message.payload) return { status: 'skipped', detail: message.why };
  const payload = deps.scrubber.value(message.payload);
  if (config.dryRun) {
    deps.showDryRun('Slack message (dry run: not sent)', describeForLog(payload));
    return { status: 'dry-run', detail: message.why };
  }
  return sendSlack(deps.http, target.webhookUrl, payload);
}

function chooseMessage(config: SlackSettings, target: SlackTarget, report: Report): { payload?: SlackMessage; why: string } {
  const options = { mention: target.mention, runUrl: report.run.url, names: config.names };
  if (report.alerting?.alert)
    return {
      payload: buildDigest(report, options),
      why: `${report.alerting.alertingGroups} ${report.alerting.alertingGroups === 1 ? 'group alerts' : 'groups alert'}`,
    };
  if (report.status === 'failed') {
    return config.slack.onFailure
      ? { payload: buildFailureNotice(report, options), why: 'the scan failed' }
      : { why: `the scan failed and ${config.names.of('slack-on-failure')} is false` };
  }
  if (report.status === 'clean')
    return config.slack.onClean
      ? { payload: buildAllClear(report, options), why: 'clean run' }
      : { why: `clean run and ${config.names.of('slack-on-clean')} is false` };
  const newEvents = alertableNewEvents(report);
  if (newEvents < config.alerting.minEvents)
    return { why: `${newEvents} new ${plural(newEvents, 'event')}, below ${config.names.of('min-events')} (${config.alerting.minEvents})` };
  return { why: `no new, regressed or grown group (${config.names.set('notify', config.alerting.notify)})` };
}
