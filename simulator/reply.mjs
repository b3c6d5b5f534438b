// How the Piwik PRO simulator (piwik.mjs, account.mjs) answers: every handler writes through a
// Reply, so a fault script can swap in a CuttingReply and cut any answer after N bytes.

/** @import { OutgoingHttpHeaders, ServerResponse } from 'node:http' */

/** JSON:API, as the Apps and Analytics object management APIs answer. */
const JSON_API = 'application/vnd.api+json';

export class Reply {
  /** @param {ServerResponse} res */
  constructor(res) {
    this.res = res;
    this.closed = false;
    res.on('close', () => {
      this.closed = true;
    });
  }

  /**
   * @param {number} status
   * @param {OutgoingHttpHeaders} headers
   */
  head(status, headers) {
    this.res.writeHead(status, headers);
  }

  /**
   * Writes a chunk, waiting when the client reads slower than we write.
   * @param {string | Buffer} chunk
   * @returns {Promise<void>}
   */
  async write(chunk) {
    if (this.closed) return;
    if (!this.res.write(chunk)) await drainOrClose(this.res);
  }

  end() {
    if (!this.closed) this.res.end();
  }

  /**
   * @param {number} status
   * @param {string | Buffer} body
   * @param {Record<string, string>} [headers]
   */
  text(status, body, headers = {}) {
    this.head(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
    if (body.length > 0) void this.write(body);
    this.end();
  }

  /**
   * @param {number} status
   * @param {unknown} value
   * @param {Record<string, string>} [headers]
   */
  json(status, value, headers = {}) {
    const body = JSON.stringify(value);
    this.head(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
    void this.write(body);
    this.end();
  }

  /**
   * JSON:API, as the Apps and Analytics object management APIs answer.
   * @param {number} status
   * @param {unknown} value
   */
  jsonApi(status, value) {
    this.json(status, value, { 'content-type': JSON_API });
  }
}

/** Sends the status, the headers and the first `limit` bytes of the normal body, then drops the connection. */
export class CuttingReply extends Reply {
  /**
   * @param {ServerResponse} res
   * @param {number} limit
   */
  constructor(res, limit) {
    super(res);
    this.remaining = limit;
  }

  /**
   * @param {number} status
   * @param {OutgoingHttpHeaders} headers
   */
  head(status, headers) {
    super.head(status, headers);
    this.res.flushHeaders();
  }

  /** @param {string | Buffer} chunk */
  async write(chunk) {
    if (this.closed) return;
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (bytes.length < this.remaining) {
      this.remaining -= bytes.length;
      await super.write(bytes);
      return;
    }
    if (this.remaining > 0) this.res.write(bytes.subarray(0, this.remaining));
    this.remaining = 0;
    this.cut();
  }

  end() {
    // A body shorter than the limit still ends in a dropped connection: the fault promises a broken stream.
    this.cut();
  }

  cut() {
    if (this.closed) return;
    this.closed = true;
    const socket = this.res.socket;
    if (!socket) return;
    // end() flushes what was written (so the client really gets the first bytes), then the socket goes.
    socket.end(() => socket.destroy());
  }
}

/**
 * @param {ServerResponse} res
 * @returns {Promise<void>}
 */
function drainOrClose(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
