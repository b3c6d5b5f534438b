export const MODULE_PATH: string;
export const SECRET_MARKER: RegExp;
export function actionInputsModule(actionYml: string, path: string): Promise<string>;
