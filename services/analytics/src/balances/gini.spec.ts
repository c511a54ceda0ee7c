import { gini } from './gini';

describe('gini', () => {
  it('is 0 for no one, one member, all-zero or equal balances', () => {
    expect(gini([])).toBe(0);
    expect(gini([500])).toBe(0);
    expect(gini([0, 0, 0])).toBe(0);
    expect(gini([7, 7, 7, 7])).toBe(0);
  });

  it('matches hand-computed values', () => {
    // n=2, [0, 10]: 2*(2*10)/(2*10) - 3/2 = 2 - 1.5 = 0.5
    expect(gini([0, 10])).toBe(0.5);
    // n=4, [0,0,0,100]: 2*400/(4*100) - 5/4 = 2 - 1.25 = 0.75 (= (n-1)/n, one holds all)
    expect(gini([0, 0, 0, 100])).toBe(0.75);
    // n=3, [1,2,3]: Σ i*x = 1+4+9 = 14; 28/18 - 4/3 = 0.222222...
    expect(gini([1, 2, 3])).toBe(0.222222);
    // n=5, [10,20,30,40,100]: Σx=200, Σ i*x = 10+40+90+160+500 = 800; 1600/1000 - 6/5 = 0.4
    expect(gini([10, 20, 30, 40, 100])).toBe(0.4);
  });

  it('refuses unsorted or negative input (a programmer error)', () => {
    expect(() => gini([2, 1])).toThrow();
    expect(() => gini([-1, 3])).toThrow();
  });
});
