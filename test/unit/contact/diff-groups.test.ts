/** diffGroups (src/contact/compare.ts): which contact groups a membership change joins and leaves. */
import { describe, expect, it } from 'vitest';
import { diffGroups } from '../../../src/contact/compare.js';

describe('diffGroups', () => {
  it('lists joined and left groups in input order', () => {
    expect(diffGroups(['a', 'b', 'c'], ['c', 'd', 'a', 'e'])).toEqual({ added: ['d', 'e'], removed: ['b'] });
  });

  it('the same set in another order is no change', () => {
    expect(diffGroups(['a', 'b'], ['b', 'a'])).toEqual({ added: [], removed: [] });
    expect(diffGroups([], [])).toEqual({ added: [], removed: [] });
  });

  it('from none, and to none', () => {
    expect(diffGroups([], ['a'])).toEqual({ added: ['a'], removed: [] });
    expect(diffGroups(['a'], [])).toEqual({ added: [], removed: ['a'] });
  });
});
