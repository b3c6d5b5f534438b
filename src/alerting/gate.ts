/** The gate's count: at least one new event, and no fewer than min-events. A watch stops on the same rule. */
export function enoughNewEvents(newEvents: number, minEvents: number): boolean {
  return newEvents > 0 && newEvents >= minEvents;
}
