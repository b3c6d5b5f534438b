import type { Report } from '../report/report.js';
import { alertableNewEvents } from '../report/verdict.js';
import type { OptionNames } from '../text/option-names.js';
import { plural } from '../text/plural.js';
import type { NoticeKind } from './channel.js';

/**
 * Which notice a run sends, the same for every channel: the digest when
 * something alerts (`notify`, `min-events` and silences decided that in the
 * report), else the failure notice or the all-clear when asked for, else
 * nothing, with the reason in words for the delivery's detail.
 */
export interface NoticeRules {
  readonly onClean: boolean;
  readonly onFailure: boolean;
  readonly minEvents: number;
  readonly names: OptionNames;
}

export function chooseNotice(report: Report, rules: NoticeRules): { readonly kind?: NoticeKind; readonly why: string } {
  const { names } = rules;
  if (report.alerting?.alert) {
    const n = report.alerting.alertingGroups;
    return { kind: 'alert', why: `${n} ${n === 1 ? 'group alerts' : 'groups alert'}` };
  }
  if (report.status === 'failed') {
    return rules.onFailure
      ? { kind: 'failure', why: 'the scan failed' }
      : { why: `the scan failed and ${names.of('notify-on-failure')} is false` };
  }
  if (report.status === 'clean') {
    return rules.onClean ? { kind: 'all-clear', why: 'clean run' } : { why: `clean run and ${names.of('notify-on-clean')} is false` };
  }
  const newEvents = alertableNewEvents(report);
  if (newEvents < rules.minEvents)
    return { why: `${newEvents} new ${plural(newEvents, 'event')}, below ${names.of('min-events')} (${rules.minEvents})` };
  return { why: `no new, regressed or grown group (${names.set('notify', report.alerting?.notify ?? 'changes')})` };
}
