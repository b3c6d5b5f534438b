import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from '../../simulator/loopback.mjs';

/** A throwaway HTTP server on 127.0.0.1 for tests of the HTTP layer itself. */
export interface Loopback {
  readonly url: string;
  readonly hits: { method: string; url: string; headers: IncomingMessage['headers']; at: number }[];
  close(): Promise<void>;
}

export async function startLoopback(handler: (req: IncomingMessage, res: ServerResponse, hit: number) => void): Promise<Loopback> {
  const hits: Loopback['hits'] = [];
  const server = createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, at: Date.now() });
    handler(req, res, hits.length);
  });
  const { url } = await listenOnLoopback(server);
  return { url, hits, close: () => closeServer(server) };
}
