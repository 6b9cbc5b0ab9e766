import { describe, expect, it } from 'vitest';
import { maskStoreUrl } from '../../../src/store/store-health.js';

describe('maskStoreUrl', () => {
  it('hides a Redis password and keeps the rest for the log', () => {
    expect(maskStoreUrl('redis://default:s3cr3t@redis.internal:6379/0')).toBe(
      'redis://default:***@redis.internal:6379/0',
    );
    expect(maskStoreUrl('rediss://:s3cr3t@redis.internal:6380')).toBe('rediss://:***@redis.internal:6380');
    expect(maskStoreUrl('redis://redis.internal:6379')).toBe('redis://redis.internal:6379');
    expect(maskStoreUrl('sqlite://data/alert-contact.sqlite')).toBe('sqlite://data/alert-contact.sqlite');
  });
});
