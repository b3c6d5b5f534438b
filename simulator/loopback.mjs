// Starting and stopping the loopback servers the simulators, sinks and bench
// proxies run: 127.0.0.1 only (nothing else is ever a target here), and a
// close that also ends keep-alive connections, so a test run never waits for
// idle sockets to time out; and the waits their answers make, cancelled on close.

/**
 * Listens on 127.0.0.1 (an ephemeral port unless one is given).
 * @param {import('node:http').Server} server
 * @param {number} [port]
 * @returns {Promise<{ port: number, url: string }>}
 */
export async function listenOnLoopback(server, port = 0) {
  server.listen(port, '127.0.0.1');
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { port: address.port, url: `http://127.0.0.1:${address.port}` };
}

/**
 * Stops accepting, ends every connection (keep-alive ones included) and resolves once closed.
 * @param {import('node:http').Server} server
 * @returns {Promise<void>}
 */
export function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * The waits a server's answers make (scripted delays, latency), all cancelled by `cancel()` when
 * it closes, so a closed simulator leaves no timer to keep the test process alive. A cancelled
 * wait never resolves: its connection is gone with the server.
 */
export function cancellableDelays() {
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  return {
    /**
     * @param {number} ms
     * @returns {Promise<void>}
     */
    sleep(ms) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      });
    },
    cancel() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
