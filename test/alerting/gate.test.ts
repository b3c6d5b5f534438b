import { describe, expect, it } from 'vitest';
import { enoughNewEvents } from '../../src/alerting/gate.js';

describe('enoughNewEvents: what fails the step under fail-on-events, and stops a watch', () => {
  it('holds from exactly min-events new events up', () => {
    expect(enoughNewEvents(3, 3)).toBe(true);
    expect(enoughNewEvents(4, 3)).toBe(true);
    expect(enoughNewEvents(2, 3)).toBe(false);
  });

  it('never holds for a run without a new event (min-events is at least 1)', () => {
    expect(enoughNewEvents(0, 1)).toBe(false);
    expect(enoughNewEvents(1, 1)).toBe(true);
  });
});
