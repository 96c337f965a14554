import { describe, expect, it } from 'vitest';
import { resolveShellConfig } from './config';

const none = () => null;

describe('resolveShellConfig', () => {
  it('takes the service from the environment (npm start)', () => {
    const r = resolveShellConfig({ DOCKET_SERVER_URL: 'http://127.0.0.1:4000', DOCKET_TOKEN: 't', DOCKET_DB_PATH: '/d/c.sqlite' }, '/u', none);
    expect(r).toEqual({ ok: true, config: { serverUrl: 'http://127.0.0.1:4000', token: 't', dbPath: '/d/c.sqlite' } });
  });

  it('falls back to docket.json in the user-data folder, database beside it', () => {
    const files: Record<string, string> = { '/u/docket.json': '{"serverUrl":"https://cases.example.com","token":"abc"}' };
    const r = resolveShellConfig({}, '/u', (p) => files[p] ?? null);
    expect(r).toEqual({ ok: true, config: { serverUrl: 'https://cases.example.com', token: 'abc', dbPath: '/u/console.sqlite' } });
  });

  it('explains what is missing or wrong', () => {
    expect(resolveShellConfig({}, '/u', none)).toMatchObject({ ok: false, message: expect.stringContaining('/u/docket.json') });
    expect(resolveShellConfig({}, '/u', () => '{not json')).toMatchObject({ ok: false, message: expect.stringContaining('not valid JSON') });
    expect(resolveShellConfig({ DOCKET_SERVER_URL: 'file:///etc', DOCKET_TOKEN: 't' }, '/u', none)).toMatchObject({ ok: false, message: expect.stringContaining('serverUrl') });
    expect(resolveShellConfig({ DOCKET_SERVER_URL: 'https://h' }, '/u', none)).toMatchObject({ ok: false, message: expect.stringContaining('token') });
  });

  it('accepts http:// only for a case service on this machine, from the environment or docket.json', () => {
    expect(resolveShellConfig({ DOCKET_SERVER_URL: 'http://cases.example.com', DOCKET_TOKEN: 't' }, '/u', none)).toMatchObject({ ok: false, message: expect.stringMatching(/http:\/\/ is accepted only for a case service on this machine.*use https:\/\/cases\.example\.com/) });
    const file = () => '{"serverUrl":"http://10.1.2.3:8080","token":"abc"}';
    expect(resolveShellConfig({}, '/u', file)).toMatchObject({ ok: false, message: expect.stringMatching(/serverUrl in \/u\/docket\.json: .*use https:\/\/10\.1\.2\.3:8080/) });
    expect(resolveShellConfig({ DOCKET_SERVER_URL: 'http://localhost:4000', DOCKET_TOKEN: 't' }, '/u', none)).toMatchObject({ ok: true });
  });
});
