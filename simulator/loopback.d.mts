import type { Server } from 'node:http';

/** Listens on 127.0.0.1 (an ephemeral port unless one is given). */
export function listenOnLoopback(server: Server, port?: number): Promise<{ port: number; url: string }>;
/** Stops accepting, ends every connection (keep-alive ones included) and resolves once closed. */
export function closeServer(server: Server): Promise<void>;
