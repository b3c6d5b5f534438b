import { readFileSync } from 'node:fs';
import { cruise } from 'dependency-cruiser';

/**
 * The layers docs/architecture.md lists, and the imports of src/ judged by them: the doc is the rule, so the two
 * cannot drift apart.
 */
export interface Layers {
  /** Per layer (top first), the units it holds: `src/config` stands for `src/config.ts` and `src/config/`. */
  readonly units: readonly (readonly string[])[];
}

export interface Import {
  readonly from: string;
  readonly to: string;
}

/** The numbered lines of the doc's "## Layers" section, each with the `src/…` paths it names. */
export function layersOf(markdown: string): Layers {
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Layers'));
  if (!section) throw new Error("docs/architecture.md has no '## Layers' section");
  const units = section
    .split('\n')
    .filter((line) => /^\d+\.\s/.test(line))
    .map((line) => [...line.matchAll(/`(src\/[^`]+)`/g)].map((m) => unitName(m[1] ?? '')));
  return { units };
}

function unitName(path: string): string {
  return path.replace(/\/$/, '').replace(/\.ts$/, '');
}

/** The unit a file belongs to, and its layer (0 = top); undefined when no line of the doc names it. */
function placeOf(layers: Layers, file: string): { unit: string; layer: number } | undefined {
  const bare = file.replace(/\.(d\.)?ts$/, '');
  for (const [layer, units] of layers.units.entries()) {
    for (const unit of units) if (bare === unit || file.startsWith(`${unit}/`)) return { unit, layer };
  }
  return undefined;
}

/** What breaks the rule: an import up a layer or across a layer's line, and files the doc does not place. */
export function violations(layers: Layers, files: readonly string[], imports: readonly Import[]): string[] {
  const out = files.filter((f) => placeOf(layers, f) === undefined).map((f) => `${f} is in no layer of docs/architecture.md`);
  for (const { from, to } of imports) {
    const a = placeOf(layers, from);
    const b = placeOf(layers, to);
    if (!a || !b || a.unit === b.unit) continue;
    if (b.layer < a.layer) out.push(`${from} imports ${to}: layer ${a.layer + 1} must not import layer ${b.layer + 1} above it`);
    else if (b.layer === a.layer) out.push(`${from} imports ${to}: ${a.unit} and ${b.unit} share layer ${a.layer + 1}`);
  }
  return out;
}

/** Every import between files of src/ (type-only and dynamic ones too), and the circles dependency-cruiser finds. */
export async function importsOfSrc(): Promise<{ files: string[]; imports: Import[]; circles: string[] }> {
  const result = await cruise(
    ['src'],
    { tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' }, tsConfig: { fileName: 'tsconfig.json' } },
    { extensions: ['.ts', '.js', '.json'] },
  );
  if (typeof result.output === 'string') throw new Error('dependency-cruiser gave no module list');
  const modules = result.output.modules.filter((m) => m.source.startsWith('src/'));
  const imports = modules.flatMap((m) =>
    m.dependencies.filter((d) => d.resolved.startsWith('src/')).map((d) => ({ from: m.source, to: d.resolved })),
  );
  const circles = modules.flatMap((m) =>
    m.dependencies.filter((d) => d.circular).map((d) => `${m.source} -> ${(d.cycle ?? []).map((c) => c.name).join(' -> ')}`),
  );
  return { files: modules.map((m) => m.source).filter((f) => !f.endsWith('.json')), imports, circles };
}

export function architectureDoc(): string {
  return readFileSync('docs/architecture.md', 'utf8');
}
