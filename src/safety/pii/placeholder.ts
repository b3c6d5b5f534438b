/** What every redacted value becomes, in every output. */
export const REDACTED = '[redacted]';
