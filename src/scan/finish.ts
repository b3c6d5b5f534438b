import type { SiteKnowledge } from '../account/knowledge.js';
import { SAMPLE_EVENTS, type GroupDraft } from '../analysis/groups.js';
import { dimensionNames } from '../diagnosis/checks/account.js';
import { diagnose } from '../diagnosis/diagnose.js';
import { BROKEN_EVENT } from '../piwik/event-types.js';
import type { Redactor } from '../safety/redact.js';
import { personalDimensionParams } from '../safety/pii/dimensions.js';
import type { Diagnosis, EventContext, Group, RawRequest, SiteResult } from '../types.js';

function withDimensionNames(request: RawRequest, knowledge: SiteKnowledge | undefined): RawRequest {
  const parameterNames = dimensionNames(request.queryParams, knowledge);
  return parameterNames ? { ...request, parameterNames } : request;
}

/** The site's name, when it is known (from the Apps API's list or the site's settings; a watch names its sites the same way). */
export function withName(result: SiteResult, name: string | undefined): SiteResult {
  if (name === undefined) return result;
  const { siteId, ...rest } = result;
  return { siteId, name, ...rest };
}

/**
 * A group as the report holds it, once the scan is over: its samples and
 * texts redacted (with the site's personal custom dimensions), its raw
 * requests named with the site's custom dimensions, and broken events
 * diagnosed with what the account knows.
 * The scan runs it per group inside its containment (src/safety/contain.ts), with `bare` as the fallback.
 * `bare`: without raw requests, context and diagnosis, for a group whose full finishing threw.
 */
export function finishGroup(draft: GroupDraft, redactor: Redactor, knowledge: SiteKnowledge | undefined, { bare = false } = {}): Group {
  const raw = bare
    ? []
    : draft.samples
        .candidates()
        .flatMap((c) => (c.request ? [c.request] : []))
        .slice(0, SAMPLE_EVENTS);
  const sampleContext = bare ? {} : redactor.context(draft.sampleContext);
  const siteRedactor = forSite(redactor, knowledge);
  return {
    fingerprint: draft.fingerprint,
    siteId: draft.siteId,
    eventType: draft.eventType,
    eventTypeLabel: draft.eventTypeLabel,
    message: redactor.text(draft.message),
    normalizedMessage: draft.normalizedMessage,
    ...(draft.values.size > 0 ? { distinctValues: draft.values.size } : {}),
    count: draft.count,
    sessionCount: draft.sessionCount,
    firstSeen: draft.firstSeen,
    lastSeen: draft.lastSeen,
    sampleUrls: draft.sampleUrls.map((u) => redactor.text(u)),
    sampleRequests: raw.map((r) => withDimensionNames(siteRedactor.request(r), knowledge)),
    sampleContext,
    diagnosis: bare ? undefined : diagnoseGroup(draft, raw, sampleContext, siteRedactor, knowledge),
  };
}

/** The redactor with the site's personal custom dimensions (by the names the account gives them). */
export function forSite(redactor: Redactor, knowledge: SiteKnowledge | undefined): Redactor {
  return redactor.withPersonal(personalDimensionParams(knowledge?.dimensions));
}

/** Broken events only: other types are not processing errors, so a parameter check explains nothing. */
function diagnoseGroup(
  draft: GroupDraft,
  raw: readonly RawRequest[],
  context: EventContext,
  redactor: Redactor,
  knowledge: SiteKnowledge | undefined,
): Diagnosis | undefined {
  if (draft.eventType !== BROKEN_EVENT) return undefined;
  // The check reads the raw values; every value it shows goes through the redactor, and so does every name.
  const diagnosis = diagnose(raw, {
    siteId: draft.siteId,
    account: knowledge,
    errorMessage: draft.message,
    context,
    redactValue: (name, value) => redactor.param(name, value),
  });
  if (!redactor.enabled) return diagnosis;
  return {
    summary: redactor.text(diagnosis.summary),
    findings: diagnosis.findings.map((f) => ({ ...f, parameter: redactor.text(f.parameter), hint: redactor.text(f.hint) })),
  };
}
