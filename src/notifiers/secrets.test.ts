import { describe, expect, test } from 'vitest';
import { Redactor } from '../util/redact.js';
import { registerSecret } from './index.js';

describe('registerSecret', () => {
  test.each([
    ['a Slack webhook token printed alone', 'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx', 'no_service for abcdefghijklmnopqrstuvwx', 'no_service for ***'],
    ['a Slack webhook path', 'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx', 'POST /services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx failed', 'POST *** failed'],
    ['a Teams signature in the query', 'https://prod.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01&sig=S1gnatureValue0123', 'sig=S1gnatureValue0123', 'sig=***'],
    ['an ordinary short path stays readable', 'https://hooks.example.com/smokeguard', 'GET /smokeguard/health', 'GET /smokeguard/health'],
  ])('%s', (_name, url, text, expected) => {
    const redactor = new Redactor();
    registerSecret(redactor, url);
    expect(redactor.text(text)).toBe(expected);
    expect(redactor.text(`sent to ${url}`)).toBe('sent to ***');
  });
});
