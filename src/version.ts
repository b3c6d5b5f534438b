/** The action's version, as in package.json (test/version.test.ts keeps the two equal). */
export const VERSION = '0.1.0';
