import { describe, expect, it } from 'vitest';
import { checkServiceAddress, isLoopbackHost } from './service-address';

describe('checkServiceAddress', () => {
  it('accepts https:// anywhere and http:// on this machine', () => {
    for (const a of ['https://cases.example.com', 'https://10.0.0.5:8443/base', 'http://127.0.0.1:8080', 'http://127.12.0.1', 'http://localhost:3000', 'http://LOCALHOST', 'http://[::1]:8080', 'http://127.1']) {
      expect(checkServiceAddress(a), a).toEqual({ ok: true, url: a });
    }
  });

  it('refuses http:// to any other host, saying to use https://', () => {
    for (const a of ['http://cases.example.com', 'http://10.0.0.5:8080', 'http://0.0.0.0:8080', 'http://128.0.0.1', 'http://[::2]', 'http://localhost.example.com', 'http://127.0.0.1.nip.io']) {
      const r = checkServiceAddress(a);
      expect(r.ok, a).toBe(false);
      expect(!r.ok && r.message, a).toMatch(/http:\/\/ is accepted only for a case service on this machine .*use https:\/\//);
    }
    expect(checkServiceAddress('http://cases.example.com:8080/v')).toEqual({ ok: false, message: expect.stringContaining('use https://cases.example.com:8080/v') });
  });

  it('refuses other schemes, non-addresses and credentials in the address', () => {
    expect(checkServiceAddress('ftp://x')).toMatchObject({ ok: false, message: expect.stringMatching(/https:\/\//) });
    expect(checkServiceAddress('cases.example.com')).toMatchObject({ ok: false, message: expect.stringMatching(/not an address/) });
    expect(checkServiceAddress('https://user:secret@cases.example.com')).toMatchObject({ ok: false, message: expect.stringMatching(/user name or password/) });
  });
});

it('isLoopbackHost knows the IPv4-mapped loopback', () => {
  expect(isLoopbackHost(new URL('http://[::ffff:127.0.0.1]').hostname)).toBe(true);
  expect(isLoopbackHost(new URL('http://[::ffff:10.0.0.1]').hostname)).toBe(false);
});
