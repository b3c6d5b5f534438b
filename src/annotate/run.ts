import type { Config } from '../config.js';
import { OptionalReads } from '../http/time-limit.js';
import type { PiwikApi } from '../piwik/api.js';
import type { Delivery, Report } from '../report/report.js';
import type { GroupAnnotation } from '../types.js';
import { applyAnnotations, planAnnotations } from './plan.js';
import type { AccountKnowledge } from '../account/knowledge.js';
import { accountNotices } from '../account/notices.js';

/**
 * The `annotate` step of a run: plan from the classified report, write, and
 * report a refusal as one notice. Never throws: an annotation is an extra.
 */
export async function annotateGroups(
  config: Pick<Config, 'annotate' | 'dryRun' | 'timeoutSeconds'>,
  report: Report,
  api: PiwikApi,
  account: AccountKnowledge,
  deps: { readonly log: (message: string) => void; readonly notice: (message: string) => void },
  limitMs = Infinity,
): Promise<{ delivery: Delivery; byGroup: ReadonlyMap<string, GroupAnnotation> }> {
  if (!config.annotate) return { delivery: { status: 'not-configured' }, byGroup: new Map() };
  if (report.status === 'failed' && report.sites.every((s) => s.error)) {
    return { delivery: { status: 'skipped', detail: 'the scan failed' }, byGroup: new Map() };
  }
  const known = await account.all();
  const plans = planAnnotations(report.groups, (siteId) => known.get(siteId)?.settings?.timezone);
  // Within a time limit of its own (src/http/time-limit.ts): a hung annotations API must not cost the alert.
  const reads = new OptionalReads(limitMs);
  let result: Awaited<ReturnType<typeof applyAnnotations>>;
  try {
    result = await reads.run('The annotations API', (signal) =>
      applyAnnotations(api.withSignal(signal), plans, { dryRun: config.dryRun, log: deps.log }),
    );
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    deps.notice(`${detail}; no annotation was added, everything else was reported as usual.`);
    return { delivery: { status: 'failed', detail }, byGroup: new Map() };
  } finally {
    reads.dispose();
  }
  for (const notice of accountNotices(result.problems)) deps.notice(notice);
  return { delivery: result.delivery, byGroup: result.annotations };
}
