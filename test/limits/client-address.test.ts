import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  captureClientAddress,
  clientAddress,
  clientNetwork,
  cloudflareClientAddress,
  forwardedAddress,
  nodeClientAddress,
} from '../../src/clients/address.ts';
import { fromSocket } from './support.ts';

/** An app that answers with the address captured for the request. */
function echo(read = nodeClientAddress(0)) {
  return new Hono().use(captureClientAddress(read)).get('/', (c) => c.text(clientAddress(c)));
}

describe('the client address', () => {
  it('is the socket’s on Node; X-Forwarded-For is ignored without TRUST_PROXY', async () => {
    const response = await echo().request(
      '/',
      { headers: { 'X-Forwarded-For': '192.0.2.66', 'CF-Connecting-IP': '192.0.2.77' } },
      fromSocket('198.51.100.4'),
    );
    expect(await response.text()).toBe('198.51.100.4');
  });

  it('takes the entry TRUST_PROXY hops from the right of X-Forwarded-For', async () => {
    const header = { 'X-Forwarded-For': '6.6.6.6, 203.0.113.7, 10.0.0.2' };
    const at = async (hops: number) =>
      (
        await echo(nodeClientAddress(hops)).request(
          '/',
          { headers: header },
          fromSocket('10.0.0.1'),
        )
      ).text();
    expect(await at(1)).toBe('10.0.0.2');
    expect(await at(2)).toBe('203.0.113.7');
    // More hops than entries: the leftmost, as far as the chain goes.
    expect(await at(5)).toBe('6.6.6.6');
    // No header, or one that is not an address: the socket's.
    expect(
      await (await echo(nodeClientAddress(1)).request('/', {}, fromSocket('10.0.0.1'))).text(),
    ).toBe('10.0.0.1');
    expect(forwardedAddress('<script>', 1)).toBeUndefined();
    expect(forwardedAddress(`${'1,'.repeat(100_000)}192.0.2.1`, 1)).toBe('192.0.2.1');
  });

  it('reads an IPv4 address a dual-stack socket reports as IPv6 as IPv4', async () => {
    expect(await (await echo().request('/', {}, fromSocket('::ffff:192.0.2.8'))).text()).toBe(
      '192.0.2.8',
    );
  });

  it('is CF-Connecting-IP on Workers, and "unknown" when the runtime knows none', async () => {
    const app = echo(cloudflareClientAddress);
    expect(
      await (await app.request('/', { headers: { 'CF-Connecting-IP': '2001:DB8::1' } })).text(),
    ).toBe('2001:db8::1');
    expect(await (await app.request('/')).text()).toBe('unknown');
    expect(await (await echo().request('/')).text()).toBe('unknown');
  });

  it('counts an IPv6 /64 as one network', () => {
    expect(clientNetwork('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8:1:2:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0db8::')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('192.0.2.1')).toBe('192.0.2.1');
  });
});
