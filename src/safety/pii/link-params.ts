/**
 * Query parameters that carry a person's identity or a credential from one
 * place to the next: cross-domain and e-mail campaign ids that follow a
 * visitor across sites and mailings, the secrets of OAuth and one-time
 * links, customer and bank numbers. Redacted by name (src/safety/redact.ts).
 */
export const LINK_AND_SECRET_PARAMS: readonly string[] = [
  // cross-domain and e-mail campaign ids: Piwik PRO's own visitor id, Google's linker, Mailchimp, Klaviyo, Marketo, HubSpot
  'pk_vid',
  '_gl',
  '_ga',
  '_gid',
  'mc_eid',
  'mc_cid',
  '_kx',
  'mkt_tok',
  '_hsenc',
  '__hstc',
  '__hssc',
  '__hsfp',
  'vero_id',
  'oly_enc_id',
  'oly_anon_id',
  // OAuth and other secrets a URL carries
  'code',
  'auth_code',
  'authorization_code',
  'refresh_token',
  'client_secret',
  'otp',
  'customer_no',
  'iban',
];
