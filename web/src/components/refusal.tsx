import type { useAppProps } from 'antd/es/app/context';
import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n';

type T = (k: MessageKey, v?: Record<string, string | number>) => string;
type TD = (p: string, v: string | null | undefined) => string;

/** Shows a refusal as the server words it, with the allowed alternatives if it lists them. */
export function showRefusal(modal: useAppProps['modal'], t: T, td: TD, e: unknown, allowedPrefix: string) {
  const err = e instanceof ApiError ? e : null;
  // A publication refusal's list is the failed gates, not what is allowed.
  const gates = err?.code === 'publication_refused';
  modal.error({
    title: t('error.refused'),
    content: (
      <div data-testid="refusal">
        <p>{err ? err.message : String(e)}</p>
        {err && err.fields.length > 0 && (
          <ul>
            {err.fields.map((f) => (
              <li key={f.field + f.code}>
                {f.field}: {f.message}
              </li>
            ))}
          </ul>
        )}
        {err && err.allowed.length > 0 && (
          <p>
            {t(gates ? 'error.failedGates' : 'error.allowedAre')}{' '}
            {err.allowed.map((a) => td(gates ? 'gate' : allowedPrefix, a)).join(t('list.sep'))}
          </p>
        )}
      </div>
    ),
  });
}
