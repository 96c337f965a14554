import { chmodSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCliOptions } from './cli-options';
import { tempDir } from './testing/tmp';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('the command-line console', () => {
  it('refuses http:// to a service on another machine before opening anything', () => {
    expect(() => parseCliOptions(['--db', tmp.file('x.sqlite'), '--server', 'http://cases.example.com', '--token', 't'], {})).toThrow(/http:\/\/ is accepted only for a case service on this machine/);
    expect(parseCliOptions(['--db', 'x', '--server', 'http://127.0.0.1:9', '--token', 't'], {})).toMatchObject({ server: 'http://127.0.0.1:9', token: 't', tokenSource: 'argument' });
  });

  it('takes its token from a private file or DOCKET_TOKEN', () => {
    const file = tmp.file('token');
    writeFileSync(file, 'dkt_secret\n');
    chmodSync(file, 0o600);
    expect(parseCliOptions(['--db', 'x', '--server', 'https://c.example.com', '--token-file', file], {})).toMatchObject({ token: 'dkt_secret', tokenSource: 'file' });
    expect(parseCliOptions(['--db', 'x', '--server', 'https://c.example.com'], { DOCKET_TOKEN: 'dkt_env' })).toMatchObject({ token: 'dkt_env', tokenSource: 'environment' });
    chmodSync(file, 0o640);
    expect(() => parseCliOptions(['--db', 'x', '--server', 'https://c.example.com', '--token-file', file], {})).toThrow(/chmod 600/);
    expect(() => parseCliOptions(['--db', 'x', '--server', 'https://c.example.com'], {})).toThrow(/no token/);
  });
});
