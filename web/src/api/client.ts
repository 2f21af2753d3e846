// The one way the console talks to loudong: same origin, JSON, CSRF token on
// every change, errors turned into ApiError with the server's own words
// after a headline in the console's language (the server writes English).
import { activeLang, translate } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** "输入有误：" / "Invalid input: " for an HTTP status (0: network). */
export function errorHeadline(status: number): string {
  const known = [0, 400, 401, 403, 404, 409, 413, 415, 422, 429];
  const key = (known.includes(status) ? `apiError.${status}` : status >= 500 ? 'apiError.500' : 'apiError.other') as MessageKey;
  return translate(activeLang(), key);
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly allowed: string[];
  /** The server's message alone, for logic that reads it. */
  readonly serverMessage: string;
  constructor(status: number, code: string, message: string, fields: FieldError[] = [], allowed: string[] = []) {
    super(errorHeadline(status) + message);
    this.serverMessage = message;
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.allowed = allowed;
  }
  /** Field errors keyed by field name (first message wins). */
  fieldMap(): Record<string, string> {
    const m: Record<string, string> = {};
    for (const f of this.fields) if (!(f.field in m)) m[f.field] = f.message;
    return m;
  }
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
  total?: number;
  total_capped?: boolean; // counting stopped at `total`: more than that many match
}

let csrfToken = '';
export function setCsrfToken(t: string) {
  csrfToken = t;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, q?: Query): string {
  if (!q) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export async function toApiError(status: number, text: string): Promise<ApiError> {
  try {
    const j = JSON.parse(text) as {
      error?: { code?: string; message?: string; details?: { fields?: FieldError[]; allowed?: string[] } };
    };
    if (j.error)
      return new ApiError(
        status,
        j.error.code ?? 'error',
        j.error.message ?? `HTTP ${status}`,
        j.error.details?.fields ?? [],
        j.error.details?.allowed ?? [],
      );
  } catch {
    /* not JSON */
  }
  return new ApiError(status, status === 0 ? 'network' : 'http', text.slice(0, 200) || `HTTP ${status}`);
}

export interface RequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', (e as Error).message);
  }
  const text = await res.text();
  if (!res.ok) throw await toApiError(res.status, text);
  return (text ? JSON.parse(text) : {}) as T;
}

export const api = {
  get: <T>(path: string, q?: Query, opts?: RequestOptions) => request<T>('GET', withQuery(path, q), undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, body ?? {}, opts),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body ?? {}, opts),
  del: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
};

/** POST JSON with upload progress (0..1), for bodies carrying attachments. A string body is sent as is (already JSON). */
export function postWithProgress<T>(
  path: string,
  body: unknown,
  onProgress: (fraction: number) => void,
  headers: Record<string, string> = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) onProgress(ev.loaded / ev.total);
    };
    xhr.onload = async () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : {}) as T);
      } else reject(await toApiError(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.send(typeof body === 'string' ? body : JSON.stringify(body));
  });
}

/** Reads a file as base64 (without the data: prefix). */
export function fileToBase64(file: Blob, onProgress?: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onprogress = (ev) => {
      if (ev.lengthComputable && onProgress) onProgress(ev.loaded / ev.total);
    };
    r.onload = () => {
      const s = String(r.result);
      resolve(s.slice(s.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}
