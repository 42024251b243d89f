// The login session. The access token lives in memory only; the refresh token is an
// HttpOnly cookie the page never sees. Refreshes are single-flight because the server
// revokes the whole session when a refresh token is used twice (REFRESH_TOKEN_REUSED).
import { GraphQLRequestError, NetworkError } from '../graphql/errors';
import { postGraphQL } from '../graphql/transport';
import {
  LoginDocument,
  LogoutDocument,
  RefreshSessionDocument,
  type SessionStaffFragment,
} from './session.generated';

export type StaffSummary = Pick<SessionStaffFragment, 'id' | 'employeeNo' | 'name' | 'roles'>;

/** Why the login screen is showing. */
export type SignedOutReason = 'none' | 'expired' | 'reused' | 'loggedOut';

export type SessionState =
  | { status: 'starting' }
  | { status: 'signedOut'; reason: SignedOutReason }
  /** `online` is false when the session was restored from this phone without reaching the server. */
  | { status: 'signedIn'; staff: StaffSummary; online: boolean };

const HINT_KEY = 'cs.session';
/** Refresh this long before the access token expires, to absorb clock skew. */
const EARLY_REFRESH_MS = 60_000;

let state: SessionState = { status: 'starting' };
let accessToken: string | null = null;
let accessTokenExpiresAt = 0;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<(s: SessionState) => void>();

export function getSession(): SessionState {
  return state;
}

export function onSessionChange(fn: (s: SessionState) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function setState(next: SessionState): void {
  state = next;
  for (const fn of listeners) fn(next);
}

export function getAccessToken(): string | null {
  return accessToken;
}

/** Who was signed in on this phone: not secret, lets the app open offline. */
function readHint(): StaffSummary | null {
  try {
    const raw = localStorage.getItem(HINT_KEY);
    return raw ? (JSON.parse(raw) as StaffSummary) : null;
  } catch {
    return null;
  }
}

function writeHint(staff: StaffSummary | null): void {
  try {
    if (staff) localStorage.setItem(HINT_KEY, JSON.stringify(staff));
    else localStorage.removeItem(HINT_KEY);
  } catch {
    // Without storage the app simply asks to log in next time.
  }
}

function adopt(payload: { accessToken: string; accessTokenExpiresAt: string; staff: SessionStaffFragment }): void {
  accessToken = payload.accessToken;
  accessTokenExpiresAt = Date.parse(payload.accessTokenExpiresAt) || Date.now() + 10 * 60_000;
  const { id, employeeNo, name, roles } = payload.staff;
  const staff = { id, employeeNo, name, roles };
  writeHint(staff);
  setState({ status: 'signedIn', staff, online: true });
}

function endSession(reason: SignedOutReason): void {
  accessToken = null;
  accessTokenExpiresAt = 0;
  writeHint(null);
  setState({ status: 'signedOut', reason });
}

/** Logs in; throws GraphQLRequestError (INVALID_CREDENTIALS, ACCOUNT_LOCKED, …) or NetworkError. */
export async function login(employeeNo: string, password: string): Promise<void> {
  const data = await postGraphQL(
    LoginDocument,
    { input: { employeeNo, password, refreshTokenDelivery: 'COOKIE' } },
    null,
  );
  adopt(data.login);
}

/**
 * Gets a new access token with the refresh cookie. Resolves true on success, false when the
 * server refused (the session is over); throws NetworkError when offline.
 * Concurrent callers share one request.
 */
export function refresh(): Promise<boolean> {
  if (!refreshing) {
    refreshing = (async () => {
      try {
        const data = await acrossTabs(() => postGraphQL(RefreshSessionDocument, { input: {} }, null));
        adopt(data.refreshSession);
        return true;
      } catch (err) {
        if (err instanceof GraphQLRequestError) {
          endSession(err.first.code === 'REFRESH_TOKEN_REUSED' ? 'reused' : 'expired');
          return false;
        }
        throw err;
      } finally {
        refreshing = null;
      }
    })();
  }
  return refreshing;
}

/**
 * Runs `fn` while holding a lock shared by every tab of this app, so two tabs never present
 * the same refresh cookie at once (the cookie jar is shared; the second tab then sends the
 * rotated cookie). Without the Web Locks API it just runs.
 */
function acrossTabs<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? locks.request('cs-session-refresh', fn) : fn();
}

/** A usable access token, refreshing first when it is about to expire; null when offline or signed out. */
export async function freshAccessToken(): Promise<string | null> {
  if (state.status !== 'signedIn') return null;
  if (accessToken && Date.now() < accessTokenExpiresAt - EARLY_REFRESH_MS) return accessToken;
  // The browser knows it has no network: do not spend a request to learn it again.
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return null;
  try {
    return (await refresh()) ? accessToken : null;
  } catch (err) {
    if (err instanceof NetworkError) return null;
    throw err;
  }
}

/** On app start: restore the session from the refresh cookie, or open offline from the hint. */
export async function restore(): Promise<void> {
  const hint = readHint();
  if (!hint) {
    setState({ status: 'signedOut', reason: 'none' });
    return;
  }
  // Open at once with what this phone knows; the refresh below confirms or ends it.
  setState({ status: 'signedIn', staff: hint, online: false });
  await reconnect();
}

/** Tries to get a token again after being offline. */
export async function reconnect(): Promise<boolean> {
  if (state.status !== 'signedIn') return false;
  if (state.online && accessToken) return true;
  try {
    return await refresh();
  } catch (err) {
    if (err instanceof NetworkError) return false;
    throw err;
  }
}

export async function logout(): Promise<void> {
  try {
    await postGraphQL(LogoutDocument, { input: {} }, accessToken);
  } catch {
    // Logging out must work offline too: the cookie expires on its own.
  }
  endSession('loggedOut');
}

/** Marks the signed-in session as unable to reach the server (keeps the user in). */
export function markOffline(): void {
  if (state.status === 'signedIn' && state.online) setState({ ...state, online: false });
}

/** For tests only: forget everything. */
export function resetSessionForTests(): void {
  accessToken = null;
  accessTokenExpiresAt = 0;
  refreshing = null;
  state = { status: 'starting' };
  listeners.clear();
}
