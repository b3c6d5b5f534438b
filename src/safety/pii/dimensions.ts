/**
 * Custom dimensions whose name, as the account itself gives it, says they
 * hold personal data ("User ID", "Customer full name", "E-mail", "Phone"):
 * the value sent to `dimension<N>` is then redacted whatever it looks like,
 * since a site that names a dimension so puts a person's data into it.
 */
const PERSONAL_WORDS: ReadonlySet<string> = new Set([
  'user',
  'users',
  'username',
  'userid',
  'uid',
  'customer',
  'customers',
  'client',
  'member',
  'visitor',
  'subscriber',
  'person',
  'contact',
  'patient',
  'employee',
  'buyer',
  'owner',
  'account',
  'login',
  'email',
  'mail',
  'name',
  'names',
  'surname',
  'phone',
  'mobile',
  'tel',
  'telephone',
  'fax',
  'address',
  'street',
  'zip',
  'postcode',
  'birth',
  'birthday',
  'birthdate',
  'dob',
  'ssn',
  'passport',
  'iban',
  'card',
  'ip',
  'id',
  'ids',
  'uuid',
  'guid',
  'crm',
]);

/** The words of a name, whatever its style: "User ID", "customer_email", "customerFullName", "E-mail". */
function nameWords(name: string): string[] {
  return name
    .replace(/e-mail/gi, 'email')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

function isPersonalDimensionName(name: string): boolean {
  return nameWords(name).some((word) => PERSONAL_WORDS.has(word));
}

/** The parameters (`dimension3`, …) of a site's custom dimensions whose names say they hold personal data. */
export function personalDimensionParams(
  dimensions: readonly { readonly trackingId: number; readonly name: string }[] | undefined,
): ReadonlySet<string> {
  return new Set((dimensions ?? []).filter((d) => isPersonalDimensionName(d.name)).map((d) => `dimension${d.trackingId}`));
}
