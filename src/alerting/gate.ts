/**
 * The gate's count: no fewer than min-events new events. min-events is at least 1 (the parser's floor), so a run with
 * no new event never fails. A watch stops on the same rule.
 */
export function enoughNewEvents(newEvents: number, minEvents: number): boolean {
  return newEvents >= minEvents;
}
