import {
  DEMO_ACTION_WEIGHTS,
  DEMO_ACTIONS,
  demoOptionsFrom,
  listingPrice,
  paymentAmount,
  pickWeighted,
  seededRandom,
} from './demo.plan';

describe('the demo plan', () => {
  it('plays the same actions for the same seed, each kind now and then', () => {
    const play = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 2_000 }, () => pickWeighted(random, DEMO_ACTION_WEIGHTS));
    };
    const actions = play(7);
    expect(play(7)).toEqual(actions);
    for (const action of DEMO_ACTIONS) expect(actions).toContain(action);
    const chats = actions.filter((action) => action === 'chat').length;
    expect(chats / actions.length).toBeGreaterThan(0.2);
    expect(chats / actions.length).toBeLessThan(0.4);
  });

  it('pays a few percent of what a member holds, never more, never 0 when they hold something', () => {
    const random = seededRandom(1);
    for (const available of [0, 1, 7, 100, 10_000]) {
      for (let i = 0; i < 200; i += 1) {
        const amount = paymentAmount(random, available);
        if (available === 0) expect(amount).toBe(0);
        else expect(amount).toBeGreaterThanOrEqual(1);
        expect(amount).toBeLessThanOrEqual(Math.max(1, available * 0.15 + 1));
      }
    }
    for (let i = 0; i < 200; i += 1) {
      const price = listingPrice(random, 100);
      expect(price).toBeGreaterThanOrEqual(105);
      expect(price).toBeLessThanOrEqual(180);
    }
  });

  it('reads its settings from the environment and names a bad one', () => {
    expect(demoOptionsFrom({ DEMO_SEED: '3' })).toEqual({
      communityId: 'demo-town',
      title: 'Demo Town',
      actionsPerSecond: 2,
      seed: 3,
    });
    expect(() => demoOptionsFrom({ DEMO_ACTIONS_PER_SECOND: '500' })).toThrow(/DEMO_ACTIONS_PER_SECOND/);
    expect(() => demoOptionsFrom({ DEMO_ACTIONS_PER_SECOND: 'fast' })).toThrow(/DEMO_ACTIONS_PER_SECOND/);
    expect(() => demoOptionsFrom({ DEMO_COMMUNITY: 'no spaces' })).toThrow(/DEMO_COMMUNITY/);
  });
});
