import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nProvider, type Lang } from '../i18n';
import { CwePicker } from './CwePicker';
import type { CweEntry } from '../lib/cwe';

const catalogue: CweEntry[] = [
  { id: 'CWE-79', name_en: "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')", name_zh: '网页生成期间的输入处理不当（跨站脚本）', top25_rank: 1 },
  { id: 'CWE-798', name_en: 'Use of Hard-coded Credentials', name_zh: '使用硬编码凭据', top25_rank: 22 },
];

function setup(lang: Lang = 'en-US') {
  const onChange = vi.fn();
  render(
    <I18nProvider lang={lang}>
      <CwePicker id="cwe" catalogue={catalogue} onChange={onChange} />
    </I18nProvider>,
  );
  const input = document.getElementById('cwe') as HTMLInputElement;
  const type = (text: string) => {
    fireEvent.mouseDown(input);
    fireEvent.change(input, { target: { value: text } });
  };
  return { onChange, input, type };
}

describe('CwePicker', () => {
  it('finds a weakness by its Chinese name while the console is in English, and picks it', async () => {
    const { onChange, type } = setup('en-US');
    type('硬编码');
    const option = await screen.findByTitle('CWE-798 Use of Hard-coded Credentials');
    expect(screen.queryByTitle(/CWE-79 /)).toBeNull();
    fireEvent.click(option);
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('CWE-798'));
  });

  it('accepts an id the catalogue does not name', async () => {
    const { onChange, type } = setup('zh-CN');
    type('cwe-4242');
    const option = await screen.findByTitle('CWE-4242');
    expect(option.textContent).toContain('不在常用目录中');
    fireEvent.click(option);
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('CWE-4242'));
  });

  it('says what to do when nothing matches', async () => {
    const { type } = setup('en-US');
    type('no such weakness');
    expect(await screen.findByText(/you can type any CWE id/)).toBeTruthy();
  });
});
