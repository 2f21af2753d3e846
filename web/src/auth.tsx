import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken } from './api/client';
import type { SessionInfo, User } from './api/types';

interface AuthValue {
  user: User | null;
  ready: boolean;
  /** The policy requires a second factor the user has not turned on yet. */
  mustEnrol: boolean;
  /** `code`: a TOTP or recovery code, for users with a second factor. */
  signIn: (username: string, password: string, code?: string) => Promise<void>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<AuthValue>({
  user: null,
  ready: false,
  mustEnrol: false,
  signIn: async () => {},
  signOut: async () => {},
  refresh: async () => {},
});

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);
  const [mustEnrol, setMustEnrol] = useState(false);
  const refresh = useCallback(async () => {
    try {
      const s = await api.get<SessionInfo>('/api/v1/session');
      setCsrfToken(s.csrf_token);
      setUser(s.user);
      setMustEnrol(!!s.second_factor_enrolment_required);
    } catch (e) {
      if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) console.warn('session check failed', e);
      setUser(null);
    } finally {
      setReady(true);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const signIn = useCallback(async (username: string, password: string, code?: string) => {
    const s = await api.post<SessionInfo>('/api/v1/session', { username, password, ...(code ? { code } : {}) });
    setCsrfToken(s.csrf_token);
    setUser(s.user);
    setMustEnrol(!!s.second_factor_enrolment_required);
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api.del('/api/v1/session');
    } finally {
      setCsrfToken('');
      setUser(null);
      setMustEnrol(false);
    }
  }, []);
  return <AuthContext.Provider value={{ user, ready, mustEnrol, signIn, signOut, refresh }}>{children}</AuthContext.Provider>;
}

export function useAuth() {
  return useContext(AuthContext);
}

export function roles(user: User | null): Set<string> {
  return new Set((user?.memberships ?? []).map((m) => m.role));
}
export function isAdmin(user: User | null): boolean {
  return !!user?.platform_admin || roles(user).has('admin');
}
export function isAuditor(user: User | null): boolean {
  return isAdmin(user) || roles(user).has('auditor');
}
export function isStaff(user: User | null): boolean {
  return !!user && (!!user.platform_admin || (user.memberships ?? []).length > 0);
}
