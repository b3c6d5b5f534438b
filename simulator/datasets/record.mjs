// The DebugSession record of a session: its counters, visitor and device fields.

import { formatServerTime, u64Hex } from './format.mjs';

/** @import { DebugEventRecord, DebugSessionRecord, RecordInput } from './types.js' */

/** The counters a DebugSession carries, computed from its events. */
/** @param {readonly DebugEventRecord[]} events */
function sessionCounters(events) {
  const total = (/** @type {number} */ type) => events.filter((e) => e.event_type[0] === type).length;
  const unique = (/** @type {number} */ type, /** @type {string} */ key) =>
    new Set(events.filter((e) => e.event_type[0] === type).map((e) => e[key] ?? e.event_url)).size;
  return {
    session_total_events: events.length,
    session_total_page_views: total(1),
    session_total_outlinks: total(2),
    session_total_downloads: total(3),
    session_total_site_searches: total(4),
    session_total_custom_events: total(5),
    session_total_content_impressions: total(6),
    session_total_content_interactions: total(7),
    session_total_goal_conversions: total(8),
    session_total_ecommerce_conversions: total(9),
    session_total_abandoned_carts: 0,
    session_unique_page_views: unique(1, 'event_url'),
    session_unique_outlinks: unique(2, 'event_url'),
    session_unique_downloads: unique(3, 'event_url'),
    session_unique_searches: unique(4, 'event_url'),
    session_unique_custom_events: unique(5, 'custom_event_name'),
    session_unique_content_impressions: unique(6, 'event_url'),
    session_unique_content_interactions: unique(7, 'event_url'),
  };
}

/**
 * @param {RecordInput} input
 * @returns {DebugSessionRecord}
 */
export function buildSessionRecord({ appId, sessionId, cookieId, visitorId, visitor, updatedMs, times, events, rng, spec }) {
  const returning = rng.float() < 0.4;
  const pageViews = events.filter((e) => e.event_type[0] === 1);
  const entry = pageViews[0] ?? events[0];
  const exit = pageViews[pageViews.length - 1] ?? events[events.length - 1];
  const browser = visitor.browser;
  const goals = events.filter((e) => e.goal_id !== undefined).map((e) => e.goal_id);
  /** @type {DebugSessionRecord} */
  const record = {
    session_id: sessionId,
    session_id_str: sessionId.toString(),
    session_id_hex: u64Hex(sessionId),
    server_time: formatServerTime(times[0]),
    updated_at: formatServerTime(updatedMs),
    app_uuid: appId,
    organization: spec.organization ?? 'example-org',
    cookie_id: cookieId,
    cookie_id_str: cookieId.toString(),
    cookie_id_hex: u64Hex(cookieId),
    visitor_id: visitorId,
    visitor_id_str: visitorId.toString(),
    visitor_id_hex: u64Hex(visitorId),
    local_time: new Date(times[0]).toISOString().slice(11, 19),
    visitor_returning: returning ? [1, 'Returning'] : [0, 'New'],
    visitor_session_number: returning ? rng.int(2, 30) : 1,
    visitor_days_since_last_session: returning ? rng.int(1, 60) : 0,
    visitor_days_since_first_session: returning ? rng.int(60, 400) : 0,
    session_first_event_time: formatServerTime(times[0]),
    session_last_event_time: formatServerTime(times[times.length - 1]),
    session_total_time: Math.round((times[times.length - 1] - times[0]) / 1000),
    ...sessionCounters(events),
    session_ecommerce_status: events.some((e) => e.event_type[0] === 9) ? [1, 'Ordered'] : [0, 'No shopping activity'],
    source: 'google',
    medium: 'organic',
    source_medium: 'google / organic',
    referrer_type: [2, 'Search engine'],
    referrer_name: 'Google',
    referrer_url: 'https://www.google.com/',
    operating_system: browser.os,
    operating_system_version: browser.osVersion,
    browser_engine: browser.engine,
    browser_name: browser.browser,
    browser_version: browser.version,
    device_type: browser.device,
    resolution_width: browser.res[0],
    resolution_height: browser.res[1],
    resolution: `${browser.res[0]}x${browser.res[1]}`,
    location_ipv4: visitor.ip,
    location_country_iso_code: visitor.place.country,
    location_city_name: visitor.place.city,
    session_entry_url: entry.event_url,
    session_entry_title: entry.event_title ?? '',
    session_exit_url: exit.event_url,
    session_exit_title: exit.event_title ?? '',
    is_bounce: events.length === 1,
    session_goals: goals,
    tracking_sources: [{ name: ['jstc_tm', 'JavaScript Tracking Client using Tag Manager'], orig_name: 'jstc_tm', version: '2.3.1' }],
    events,
    plugin_pdf: true,
    plugin_flash: false,
    plugin_java: false,
    plugin_quicktime: false,
    plugin_realplayer: false,
    plugin_windowsmedia: false,
    plugin_gears: false,
    plugin_silverlight: false,
    plugin_cookie: true,
    plugin_director: false,
  };
  if (visitor.userId) record.user_id = visitor.userId;
  return record;
}
