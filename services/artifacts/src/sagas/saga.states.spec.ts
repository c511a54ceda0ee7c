import { backoffMs, isFinal, nextSagaState, SAGA_STATES } from './saga.states';

describe('saga states', () => {
  it('goes hold -> item -> post -> paid out on the happy path', () => {
    let state = nextSagaState('holding', 'item_moved');
    expect(state).toBe('item_moved');
    state = nextSagaState(state, 'posted');
    expect(state).toBe('posted');
    expect(nextSagaState(state, 'paid_out')).toBe('completed');
  });

  it('fails only before the payment is posted', () => {
    expect(nextSagaState('holding', 'compensated')).toBe('failed');
    expect(nextSagaState('item_moved', 'reverted')).toBe('failed');
    expect(() => nextSagaState('posted', 'reverted')).toThrow(/cannot go from posted/);
    expect(() => nextSagaState('posted', 'compensated')).toThrow();
  });

  it('never leaves a final state', () => {
    for (const state of SAGA_STATES.filter(isFinal)) {
      for (const event of ['item_moved', 'posted', 'paid_out', 'compensated', 'reverted'] as const) {
        expect(() => nextSagaState(state, event)).toThrow();
      }
    }
    expect(SAGA_STATES.filter(isFinal)).toEqual(['completed', 'failed']);
  });

  it('backs off exponentially up to the maximum', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 100, 500))).toEqual([100, 200, 400, 500]);
    expect(backoffMs(10_000, 100, 500)).toBe(500);
  });
});
