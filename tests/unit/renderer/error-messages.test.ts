import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../preload/contract/errors';
import { describeError, ERROR_MESSAGES } from '../../../renderer/src/i18n/error-messages';

describe('error-message map', () => {
  // The compile-time Record catches a missing key; this catches an empty or untranslated entry.
  it.each(ERROR_CODES.map((c) => [c]))('%s has a title and a next step in English and Chinese', (code) => {
    const entry = ERROR_MESSAGES[code];
    for (const words of [entry.en, entry['zh-CN']]) {
      expect(words.title.trim().length).toBeGreaterThan(0);
      expect(words.next.trim().length).toBeGreaterThan(0);
    }
    // The Chinese entry is Chinese, not a copy of the English one.
    expect(entry['zh-CN'].title).toMatch(/[\u4e00-\u9fff]/);
    expect(entry['zh-CN'].next).toMatch(/[\u4e00-\u9fff]/);
  });

  it('names the next step for the bench’s commonest error in the issue’s own words', () => {
    const text = describeError({ code: 'NO_MODULE', message: 'no ACK at 0x50' }, 'en');
    expect(`${text.title}: ${text.next}`).toMatch(/No module detected: .*seat the module.*press Read again/i);
    expect(text.detail).toBe('no ACK at 0x50');
  });

  it('falls back to a generic message that keeps the code for a code it does not know', () => {
    const text = describeError({ code: 'SOMETHING_NEW', message: 'x' }, 'zh-CN');
    expect(text.code).toBe('SOMETHING_NEW');
    expect(text.title).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a soak refused for its rate names the rate the link carries, in both languages, and keeps the plain words without it', () => {
    // Why: the technician must learn what to type instead, also on a Chinese page where main's English is not shown.
    const error = { code: 'SOAK_RATE_TOO_HIGH', message: 'x', details: { requestedHz: 50, maxHz: 31.5, sampleMs: 25.4 } };
    expect(describeError(error, 'en').next).toMatch(/at most about 31\.5 samples a second.*choose 31\.5 or fewer/);
    expect(describeError(error, 'zh-CN').next).toMatch(/31\.5/);
    expect(describeError(error, 'zh-CN').next).toMatch(/[\u4e00-\u9fff]/);
    expect(describeError({ code: 'SOAK_RATE_TOO_HIGH', message: 'x' }, 'en').next).toBe(ERROR_MESSAGES.SOAK_RATE_TOO_HIGH.en.next);
  });
});
