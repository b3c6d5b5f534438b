export const id = 702;
export const ids = [702];
export const modules = {

/***/ 6702:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createOctokit: () => (/* binding */ createOctokit)
/* harmony export */ });
/* unused harmony export UNPACED_WRITES */
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1758);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6856);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3251);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1__);




/** Retries after a secondary rate limit (GitHub says how long to wait). */
const SECONDARY_LIMIT_RETRIES = 2;
/** A longer wait than this is not worth the run's time: the next run catches up. */
const MAX_SECONDARY_WAIT_S = 120;
/** A primary rate limit is retried once, and only when it resets this soon. */
const MAX_PRIMARY_WAIT_S = 60;
function createOctokit(token, options) {
    const msPerSecond = options.msPerSecond ?? 1000;
    const { log } = options;
    const describe = (o) => `${o.method ?? 'GET'} ${o.url ?? ''}`;
    const throttle = {
        retryAfterBaseValue: msPerSecond,
        fallbackSecondaryRateRetryAfter: 60,
        onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
            if (retryCount < SECONDARY_LIMIT_RETRIES && retryAfter <= MAX_SECONDARY_WAIT_S) {
                log(`GitHub secondary rate limit on ${describe(request)}: retry ${retryCount + 1} of ${SECONDARY_LIMIT_RETRIES} in ${retryAfter} s.`);
                return true;
            }
            log(`GitHub secondary rate limit on ${describe(request)}: giving up after ${retryCount} ${retryCount === 1 ? 'retry' : 'retries'}.`);
            return false;
        },
        onRateLimit: (retryAfter, request, _octokit, retryCount) => {
            if (retryCount < 1 && retryAfter <= MAX_PRIMARY_WAIT_S) {
                log(`GitHub rate limit reached on ${describe(request)}: it resets in ${retryAfter} s; retrying once then.`);
                return true;
            }
            log(`GitHub rate limit reached on ${describe(request)}: it resets in ${retryAfter} s, too late for this run.`);
            return false;
        },
        ...pacing(msPerSecond),
    };
    return (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, {
        baseUrl: options.baseUrl.replace(/\/+$/, ''),
        log: {
            debug: () => { },
            info: () => { },
            warn: (m) => {
                log(m);
            },
            error: (m) => {
                log(m);
            },
        },
        retry: {
            retries: 2,
            retryAfterBaseValue: msPerSecond,
            // 403 and 429 are the throttling plugin's: it knows a rate limit from a refusal.
            doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
        },
        throttle,
    }, 
    // First plugin, innermost hook: every attempt (retries included) gets its own time limit.
    attemptTimeout(options.requestTimeoutMs ?? 30_000, options.signal), stayOnApi(options.baseUrl, options.warn ?? log), scrubWrites(options.scrub), _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_3__/* .throttling */ .A);
}
/**
 * Per-attempt time limit plus the run's abort signal. A run that is out of
 * time fails at once with the deadline's own error, which nothing retries.
 */
function attemptTimeout(timeoutMs, signal) {
    return (octokit) => {
        octokit.hook.wrap('request', async (request, o) => {
            if (signal?.aborted)
                throw signal.reason;
            const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
            return request({ ...o, request: { ...o.request, signal: AbortSignal.any(signals) } });
        });
        return {};
    };
}
/**
 * Pagination follows the `Link: rel="next"` URL a server sends, token and all.
 * A URL outside the API root the action was given (another origin, or another
 * path on it) is never requested: paging ends there with an empty page, and a
 * warning says the list may be incomplete.
 */
function stayOnApi(baseUrl, warn) {
    const root = new URL(`${baseUrl.replace(/\/+$/, '')}/`);
    return (octokit) => {
        octokit.hook.wrap('request', async (request, o) => {
            const url = o.url;
            if (/^[a-z][\w+.-]*:/i.test(url)) {
                const target = new URL(url);
                if (target.origin !== root.origin || !target.pathname.startsWith(root.pathname)) {
                    warn(`GitHub's answer pointed the next page to ${target.origin}, outside the API at ${root.origin}; paging stopped there, so the list may be incomplete.`);
                    return { status: 200, url, headers: {}, data: [] };
                }
            }
            return request(o);
        });
        return {};
    };
}
/** Every text the sync writes (an issue's title and body, a comment) passes the run's scrubber on its way out. */
function scrubWrites(scrub) {
    return (octokit) => {
        if (!scrub)
            return {};
        octokit.hook.before('request', (o) => {
            const fields = o;
            for (const key of ['title', 'body']) {
                const value = fields[key];
                if (typeof value === 'string')
                    fields[key] = scrub(value);
            }
        });
        return {};
    };
}
/**
 * GitHub asks for writes one at a time, and a second apart when a run makes
 * many of them; its secondary limit is 80 content-creating requests a minute.
 * The throttling plugin gates every write through its `write` Bottleneck
 * group (and those that notify through `notifications` too). Ours are one per
 * client, so per run: one write at a time, from a bucket of UNPACED_WRITES
 * that Bottleneck's reservoir refills by one a second, up to UNPACED_WRITES
 * (`reservoirIncreaseInterval`, `reservoirIncreaseAmount`,
 * `reservoirIncreaseMaximum`: its documented options, no event of its own).
 * A first run opening 6 issues waits for nothing; one with 40 writes makes 10
 * straight away, then about one a second (at most 10 + 60 in any minute, under
 * 80). Rate limits and Retry-After are the plugin's, as before. Tests scale
 * the second with `msPerSecond` (0: no gap at all).
 */
const UNPACED_WRITES = 10;
function pacing(msPerSecond) {
    const bucket = msPerSecond > 0
        ? {
            reservoir: UNPACED_WRITES,
            reservoirIncreaseInterval: msPerSecond,
            reservoirIncreaseAmount: 1,
            reservoirIncreaseMaximum: UNPACED_WRITES,
        }
        : {};
    const paced = () => new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1___default().Group)({ maxConcurrent: 1, ...bucket });
    return { write: paced(), notifications: paced() };
}


/***/ })

};

//# sourceMappingURL=702.index.js.map