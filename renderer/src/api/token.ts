/**
 * The web host hands the page its per-start token in the address fragment (`#token=…`).
 * It is read once, kept in sessionStorage (survives reloads of this tab, not other tabs),
 * and removed from the address bar so it does not end up in screenshots or history.
 */
export const TOKEN_KEY = 'docket.token';

export interface TokenEnv {
  hash: string;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  /** Replaces the address without the fragment. */
  clearHash: () => void;
}

export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  return token && token.length > 0 ? token : null;
}

export function takeToken(env: TokenEnv): string | null {
  const fromHash = tokenFromHash(env.hash);
  if (fromHash) {
    env.storage.setItem(TOKEN_KEY, fromHash);
    env.clearHash();
    return fromHash;
  }
  return env.storage.getItem(TOKEN_KEY);
}

export function browserTokenEnv(): TokenEnv {
  return {
    hash: window.location.hash,
    storage: window.sessionStorage,
    clearHash: () => window.history.replaceState(null, '', window.location.pathname + window.location.search),
  };
}
