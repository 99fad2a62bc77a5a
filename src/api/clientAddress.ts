/**
 * The client's address behind trusted reverse proxies (issue 13, TASKCAST_TRUST_PROXY): the same rule as Fastify's
 * `trustProxy` (both use @fastify/proxy-addr), so a socket upgrade's address is the one `request.ip` gives over HTTP.
 * X-Forwarded-For is read from the right, only while each hop is a trusted proxy: a client sending the header itself
 * (to a node it reaches directly, or through the proxy, which appends the real peer) cannot choose its address.
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** The proxies trusted, as Fastify's `trustProxy` takes them: addresses, CIDR ranges, `loopback`, `linklocal`, `uniquelocal`. */
export type TrustedProxies = readonly string[];

/** Throws (proxy-addr's message) for an entry that is neither an address, a range, nor one of the named ranges. */
export function checkTrustedProxies(proxies: TrustedProxies): void {
  proxyAddr.compile([...proxies]);
}

/** Answers a request's client address: the TCP peer's, or, with trusted proxies, the first untrusted one of X-Forwarded-For. */
export function clientAddressOf(proxies: TrustedProxies): (req: IncomingMessage) => string {
  if (proxies.length === 0) return (req) => req.socket.remoteAddress ?? '';
  const trust = proxyAddr.compile([...proxies]);
  return (req) => proxyAddr(req, trust);
}

/** Fastify's `trustProxy` for these proxies (false: none). */
export const fastifyTrustProxy = (proxies: TrustedProxies): string[] | false => (proxies.length ? [...proxies] : false);
