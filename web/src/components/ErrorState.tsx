import { Alert, Button, Result } from 'antd';
import { useI18n } from '../i18n';
import { ApiError } from '../api/client';

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function ErrorState({ error, onRetry, compact }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { t } = useI18n();
  const status = error instanceof ApiError ? error.status : 0;
  if (!compact && (status === 403 || status === 404)) {
    return (
      <Result
        status={status === 403 ? '403' : '404'}
        title={status === 403 ? t('error.forbidden') : t('error.notFound')}
        subTitle={errorText(error)}
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      message={t('error.loadFailed')}
      description={errorText(error)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('action.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
