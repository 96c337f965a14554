import { describe, expect, it } from 'vitest';
import { contentTypeFor } from './media-types';

describe('contentTypeFor', () => {
  it('types the renderer files by extension, whatever the case or the folder names', () => {
    expect(contentTypeFor('/app/dist/renderer/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('C:\\Docket\\renderer\\assets\\INDEX.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('assets/font.woff2')).toBe('font/woff2');
  });

  it('serves anything unknown, or a dot only in a folder name, as plain bytes (never as script or HTML)', () => {
    expect(contentTypeFor('/srv/a.b/README')).toBe('application/octet-stream');
    expect(contentTypeFor('C:\\a.b\\file')).toBe('application/octet-stream');
    expect(contentTypeFor('payload.exe')).toBe('application/octet-stream');
  });
});
