// Types for simulator/contract.mjs.

export interface ContractParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Record<string, unknown>;
  explode?: boolean;
}

export interface ContractOperation {
  method: 'GET' | 'POST';
  path: string;
  pattern: RegExp;
  parameters: ContractParameter[];
  requestBody?: { required: boolean; contentType: string; schema: Record<string, unknown> };
  response: { status: number; contentType?: string; schema?: Record<string, unknown> };
}

export declare const operations: ContractOperation[];

export declare function findOperation(
  method: string,
  pathname: string,
): { operation: ContractOperation; pathParams: Record<string, string> } | undefined;

export declare function isContractPath(pathname: string): boolean;

export declare function checkRequest(request: {
  method: string;
  pathname: string;
  query: URLSearchParams;
  contentType?: string;
  body: string;
}): { operation?: ContractOperation; problems: string[] };

export declare function checkAnswer(operation: ContractOperation, answer: { status: number; contentType?: string; body: string }): string[];
