import type { Context, MiddlewareHandler } from 'hono';
import type { AddressHasher } from '../subscribers/address-hash.ts';

/**
 * The client's IP address, as the runtime knows it when a request starts; undefined when
 * it does not (a test's request without a socket).
 */
export type ClientAddressReader = (c: Context) => string | undefined;

/** What clientAddress gives when the runtime knew no address: every such client shares it. */
export const UNKNOWN_CLIENT = 'unknown';

const VARIABLE = 'tend.clientAddress';

/**
 * Reads the client's address once, before any handler runs (and so before any body is read:
 * on Node a client that resets its connection mid-body has lost its socket's address by
 * then). Apply it first.
 */
export function captureClientAddress(read: ClientAddressReader): MiddlewareHandler {
  return async (c, next) => {
    c.set(VARIABLE, read(c) ?? UNKNOWN_CLIENT);
    await next();
  };
}

/** The address captureClientAddress read for this request. */
export function clientAddress(c: Context): string {
  const address: unknown = c.get(VARIABLE);
  return typeof address === 'string' ? address : UNKNOWN_CLIENT;
}

interface NodeBindings {
  readonly incoming?: { readonly socket?: { readonly remoteAddress?: string } };
}

/**
 * Node: the socket's address. With `trustProxy` hops (TRUST_PROXY), the address that many
 * entries from the right of X-Forwarded-For, which the trusted proxies appended: entries
 * further left were written by the client and prove nothing. Without it the header is
 * ignored, since any client can send one.
 */
export function nodeClientAddress(trustProxy: number): ClientAddressReader {
  return (c) => {
    const socket = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
    if (socket === undefined) return undefined;
    if (trustProxy === 0) return plainAddress(socket);
    return forwardedAddress(c.req.header('x-forwarded-for'), trustProxy) ?? plainAddress(socket);
  };
}

/**
 * Workers: Cloudflare's edge sets CF-Connecting-IP on every request and replaces any value
 * the client sent, so it is the client's address.
 */
export const cloudflareClientAddress: ClientAddressReader = (c) => {
  const header = c.req.header('cf-connecting-ip');
  return header === undefined ? undefined : (ipAddress(header) ?? undefined);
};

/** Longer than any chain of ten proxies writes; the header is cut before it is split. */
const MAX_FORWARDED_LENGTH = 1024;

/** The entry `hops` from the right of an X-Forwarded-For value (the leftmost if fewer). */
export function forwardedAddress(header: string | undefined, hops: number): string | undefined {
  if (!header || hops < 1) return undefined;
  const entries = header.slice(-MAX_FORWARDED_LENGTH).split(',');
  const entry = entries[Math.max(0, entries.length - hops)];
  return entry === undefined ? undefined : (ipAddress(entry) ?? undefined);
}

/** An IPv4 or IPv6 address in text, without port or brackets; null for anything else. */
function ipAddress(raw: string): string | null {
  const text = raw.trim();
  return /^[0-9a-fA-F.:]{2,45}$/.test(text) ? plainAddress(text) : null;
}

/** An IPv4 address that a dual-stack socket reports as IPv6 ("::ffff:1.2.3.4") is IPv4. */
function plainAddress(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}

/**
 * The part of an address that names one client: the whole IPv4 address, the /64 prefix of
 * an IPv6 one (a single subscriber line is given a /64, and with it 2^64 addresses).
 */
export function clientNetwork(address: string): string {
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::', 2);
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill =
    tail === undefined ? [] : Array(Math.max(0, 8 - left.length - right.length)).fill('0');
  const groups = [...left, ...fill, ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * A keyed hash of a client's network (clientNetwork): what the limits count under, so that
 * no address is stored. It is the runtime's keyed address hash (Deps.addressHasher:
 * node:crypto on Node, about a fifth of Web Crypto's cost) of a message that no email
 * address can be, since it has no "@".
 */
export function clientKeyer(addressHasher: AddressHasher): (address: string) => Promise<string> {
  return async (address) => {
    const hash = await addressHasher(`client-network:${clientNetwork(address)}`);
    return hash.slice(0, 32);
  };
}
