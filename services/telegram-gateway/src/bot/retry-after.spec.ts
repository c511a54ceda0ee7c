import pino from 'pino';
import { TelegramError } from 'telegraf';
import { withRetryAfter } from './retry-after';

const logger = pino({ level: 'silent' });
const options = { attemptsMax: 3, waitMaxMs: 5, logger, method: 'setWebhook' };
const tooMany = () =>
  new TelegramError({
    error_code: 429,
    description: 'Too Many Requests: retry after 1',
    parameters: { retry_after: 1 },
  });

describe('withRetryAfter', () => {
  it('calls again after a 429 and returns what the call then answers', async () => {
    const call = jest.fn().mockRejectedValueOnce(tooMany()).mockResolvedValueOnce(true);
    await expect(withRetryAfter(call, options)).resolves.toBe(true);
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('gives up after attemptsMax tries, with the last 429', async () => {
    const call = jest.fn().mockRejectedValue(tooMany());
    await expect(withRetryAfter(call, options)).rejects.toMatchObject({ code: 429 });
    expect(call).toHaveBeenCalledTimes(3);
  });

  it('throws any other error at once', async () => {
    const unauthorized = new TelegramError({ error_code: 401, description: 'Unauthorized' });
    const call = jest.fn().mockRejectedValue(unauthorized);
    await expect(withRetryAfter(call, options)).rejects.toBe(unauthorized);
    expect(call).toHaveBeenCalledTimes(1);
  });
});
