// The shapes of the loopback forward proxy (proxy.mjs); the code is checked against them through its JSDoc.

export interface ProxyOptions {
  /** `user:password`: every request must then carry it as Basic Proxy-Authorization, else 407. */
  credentials?: string;
}

export interface ProxiedRequest {
  /** CONNECT for a tunnel, else the request's method. */
  method: string;
  /** `host:port` for a tunnel, the absolute URL otherwise. */
  target: string;
  tunnel: boolean;
}

export interface LoopbackProxy {
  url: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}
