/**
 * The case service's address as a console accepts it: `https://` anywhere, `http://` only on
 * this machine (127.0.0.0/8, ::1, localhost). A bearer token and case data sent in clear over
 * a network can be read and replayed by anyone on the path.
 */

export type ServiceAddress = { ok: true; url: string } | { ok: false; message: string };

/** Loopback hosts as the URL parser normalises them (127.1 → 127.0.0.1, [0::1] → [::1]). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  // IPv4-mapped loopback, [::ffff:127.0.0.1] as normalised.
  if (/^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host)) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return v4 !== null && v4[1] === '127';
}

export function checkServiceAddress(address: string): ServiceAddress {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { ok: false, message: `${JSON.stringify(address)} is not an address: give one like https://cases.example.com` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, message: `the case service's address must not carry a user name or password (${url.protocol}//${url.host}); give the token with --token-file or DOCKET_TOKEN` };
  }
  if (url.protocol === 'https:') return { ok: true, url: address };
  if (url.protocol !== 'http:') return { ok: false, message: `${address}: the case service's address starts with https:// (http:// only for this machine)` };
  if (!isLoopbackHost(url.hostname)) {
    return { ok: false, message: `${address}: http:// is accepted only for a case service on this machine (127.0.0.0/8, ::1, localhost); use https://${url.host}${url.pathname === '/' ? '' : url.pathname}` };
  }
  return { ok: true, url: address };
}
