// Types for scripts/derive-account-api.mjs (what the tests use of it).

/** A schema as the contract keeps it: the checkable keywords only. */
export interface DerivedSchema {
  type?: string;
  properties?: Record<string, DerivedSchema>;
  required?: string[];
  items?: DerivedSchema;
  [keyword: string]: unknown;
}

export interface DerivedOperation {
  method: string;
  path: string;
  parameters: { name: string; in: 'path' | 'query'; required: boolean; schema: DerivedSchema; explode?: boolean }[];
  requestBody?: { required: boolean; contentType: string; schema: DerivedSchema };
  response: { status: number; contentType?: string; schema?: DerivedSchema };
}

export declare class SpecError extends Error {}
export declare function deriveContract(referenceDir: string, wanted?: [string, string, string][]): { operations: DerivedOperation[] };
export declare function renderContract(contract: unknown): string;
export declare function deriveCommand(
  argv: string[],
  options: { name: string; contractPath: string; derive: (referenceDir: string) => unknown; comment: string },
): number;
