// The shapes of the account APIs' contract (contract.mjs, from account-api.json); the code is
// checked against them through its JSDoc.

/** A schema as the derived contract keeps it: the checkable keywords only. */
export interface ContractSchema {
  type?: string;
  items?: ContractSchema;
  [keyword: string]: unknown;
}

export interface ContractParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: ContractSchema;
  explode?: boolean;
}

/** A body (request or answer) the contract describes. */
export interface ContractBody {
  required: boolean;
  contentType: string;
  schema: ContractSchema;
}

/** One operation as account-api.json holds it. */
export interface DerivedOperation {
  method: 'GET' | 'POST';
  path: string;
  parameters: ContractParameter[];
  requestBody?: ContractBody;
  /** The documented success answer; a body only when described, and then with its content type. */
  response:
    { status: number; contentType?: undefined; schema?: undefined } | { status: number; contentType: string; schema: ContractSchema };
}

/** An operation with the pattern its path matches. */
export interface ContractOperation extends DerivedOperation {
  pattern: RegExp;
}

/** A request as the contract checks it. */
export interface ContractRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  contentType?: string | undefined;
  body: string;
}

/** An answer as the contract checks it. */
export interface ContractAnswer {
  status: number;
  contentType?: string | undefined;
  body: string;
}
