/**
 * Microsoft retired the Office 365 connectors ("incoming webhook" in a Teams
 * channel): their URLs still answer 2xx but deliver nothing, so a run posting
 * to one would report success for a message nobody sees. Such a URL is
 * refused while the inputs are read, before any request.
 */

/** `https://TENANT.webhook.office.com/webhookb2/…` and the older `https://outlook.office.com/webhook/…` (also office365.com). */
export function retiredConnector(url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const path = url.pathname.toLowerCase();
  if ((host === 'webhook.office.com' || host.endsWith('.webhook.office.com')) && path.startsWith('/webhookb2/')) return true;
  return (host === 'outlook.office.com' || host === 'outlook.office365.com') && path.startsWith('/webhook/');
}

export const RETIRED_CONNECTOR_HELP =
  'Create a Workflows webhook instead: in Teams, open the channel\'s "…" menu → Workflows → "Post to a channel when a webhook request is received", pick the team and channel, and copy the URL it shows at the end (https://….logic.azure.com/… or https://….api.powerplatform.com/…) into the secret.';
