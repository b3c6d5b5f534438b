import { describe, expect, it } from 'vitest';
import { mentionedIn, searchTerms } from '../../src/tagmanager/search.js';

const cause = (parameter: string, value = 'x') => ({ parameter, value, severity: 'cause' as const });

describe('searching changed content for the blamed parameters', () => {
  it('finds a parameter by its whole name, in any string or key of the content', () => {
    const terms = searchTerms([cause('dimension1'), cause('e_v'), { parameter: 'zz', value: '', severity: 'info' }]);
    expect(terms.map((t) => t.parameter)).toEqual(['dimension1', 'e_v']);
    expect(mentionedIn({ code: "url += '&dimension12=' + v" }, terms)).toEqual([]);
    expect(mentionedIn({ code: "url += '&dimension1=' + v" }, terms)).toEqual(['dimension1']);
    expect(mentionedIn({ template_options: { e_v: '{{ Value }}' } }, terms)).toEqual(['e_v']);
    expect(mentionedIn({}, terms)).toEqual([]);
    expect(mentionedIn('plain e_v text', [])).toEqual([]);
  });

  it('finds a custom dimension by its ID as tracker calls and templates write it, and a goal by its UUID', () => {
    const goal = '0b6f0b9c-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
    const terms = searchTerms([cause('dimension12'), cause('idgoal', goal)]);
    expect(mentionedIn({ code: "_paq.push(['setCustomDimension', 12, v])" }, terms)).toEqual(['dimension12']);
    expect(mentionedIn({ code: '_paq.push(["setCustomDimensionValue", "12", v])' }, terms)).toEqual(['dimension12']);
    expect(mentionedIn({ code: "_paq.push(['setCustomDimension', 120, v])" }, terms)).toEqual([]);
    expect(mentionedIn({ template_options: { dimension_id: 12 } }, terms)).toEqual(['dimension12']);
    expect(mentionedIn({ template_options: { goal_id: goal.toUpperCase() } }, terms)).toEqual(['idgoal']);
  });

  it('stays bounded on deep or huge content', () => {
    let deep: unknown = 'e_v';
    for (let i = 0; i < 50; i++) deep = { next: deep };
    const terms = searchTerms([cause('e_v')]);
    expect(mentionedIn(deep, terms)).toEqual([]);
    expect(mentionedIn({ code: `${'x'.repeat(2_000_000)} e_v` }, terms)).toEqual([]);
  });
});
