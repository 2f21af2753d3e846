import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { I18nProvider } from '../i18n';
import { ApiError, toApiError } from './client';

// The server writes its errors in English; the console puts a headline in
// the reader's language before them, and keeps the server's words for logic.
describe('ApiError', () => {
  it('leads with a headline in the console language', async () => {
    render(<I18nProvider lang="zh-CN"><span /></I18nProvider>);
    const zh = await toApiError(422, JSON.stringify({ error: { code: 'validation_failed', message: 'title: must not be empty' } }));
    expect(zh.message).toBe('输入有误：title: must not be empty');
    expect(zh.serverMessage).toBe('title: must not be empty');
    render(<I18nProvider lang="en-US"><span /></I18nProvider>);
    expect(new ApiError(404, 'not_found', 'no route GET /x').message).toBe('Not found: no route GET /x');
    expect(new ApiError(503, 'unavailable', 'draining').message).toBe('Server error: draining');
    expect(new ApiError(0, 'network', 'Failed to fetch').message).toBe('Network error: Failed to fetch');
  });
});
