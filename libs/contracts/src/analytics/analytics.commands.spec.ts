import type { z } from 'zod';
import { firstRejectedField, parseOrThrow } from '../validation';
import { ANALYTICS_EXAMPLE_ORDER, AnalyticsCommands } from './analytics.commands';
import { ANALYTICS_LIMITS } from './analytics.schemas';

const commands = Object.entries(AnalyticsCommands);

describe('AnalyticsCommands', () => {
  it('uses unique subjects of the form tk.cmd.analytics.<entity>.<verb>', () => {
    const subjects = commands.map(([, spec]) => spec.subject);
    for (const subject of subjects) expect(subject).toMatch(/^tk\.cmd\.analytics\.[a-z]+\.[a-z]+$/);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it.each(commands)('%s has a summary and an example its request schema accepts', (_key, spec) => {
    expect(spec.summary.length).toBeGreaterThan(10);
    expect(() => parseOrThrow(spec.request, spec.example)).not.toThrow();
  });

  it('orders every example exactly once, the rebuild last', () => {
    expect([...ANALYTICS_EXAMPLE_ORDER].sort()).toEqual(Object.keys(AnalyticsCommands).sort());
    expect(ANALYTICS_EXAMPLE_ORDER.at(-1)).toBe('rebuildStart');
  });

  it('defaults the bounded limits', () => {
    const board = parseOrThrow(AnalyticsCommands.leaderboardGet.request, {
      communityId: 'c',
      board: 'holders',
    });
    expect(board.limit).toBe(ANALYTICS_LIMITS.leaderboardDefault);
    const series = parseOrThrow(AnalyticsCommands.seriesGet.request, {
      communityId: 'c',
      metric: 'supply',
      bucket: 'hour',
    });
    expect(series.limit).toBe(ANALYTICS_LIMITS.seriesPointsDefault);
    const flows = parseOrThrow(AnalyticsCommands.flowsGet.request, { communityId: 'c' });
    expect(flows.days).toBe(ANALYTICS_LIMITS.flowDaysDefault);
  });

  it.each<[string, z.ZodType, unknown, string]>([
    ['an unknown board', AnalyticsCommands.leaderboardGet.request, { communityId: 'c', board: 'x' }, 'board'],
    [
      'a leaderboard past its limit',
      AnalyticsCommands.leaderboardGet.request,
      { communityId: 'c', board: 'holders', limit: ANALYTICS_LIMITS.leaderboardMax + 1 },
      'limit',
    ],
    [
      'an unknown metric',
      AnalyticsCommands.seriesGet.request,
      { communityId: 'c', metric: 'gini', bucket: 'day' },
      'metric',
    ],
    [
      'a series past its limit',
      AnalyticsCommands.seriesGet.request,
      { communityId: 'c', metric: 'volume', bucket: 'day', limit: ANALYTICS_LIMITS.seriesPointsMax + 1 },
      'limit',
    ],
    [
      'a series ending before it starts',
      AnalyticsCommands.seriesGet.request,
      {
        communityId: 'c',
        metric: 'volume',
        bucket: 'day',
        from: '2026-01-02T00:00:00Z',
        to: '2026-01-01T00:00:00Z',
      },
      'to',
    ],
    [
      'flows over too many days',
      AnalyticsCommands.flowsGet.request,
      { communityId: 'c', days: ANALYTICS_LIMITS.flowDaysMax + 1 },
      'days',
    ],
    ['flows over no day', AnalyticsCommands.flowsGet.request, { communityId: 'c', days: 0 }, 'days'],
    ['flows at a bad time', AnalyticsCommands.flowsGet.request, { communityId: 'c', at: 'today' }, 'at'],
    ['a bad time', AnalyticsCommands.overviewGet.request, { communityId: 'c', at: 'yesterday' }, 'at'],
    ['an unknown field', AnalyticsCommands.rebuildStart.request, { all: true }, 'all'],
  ])('rejects %s, naming the field', (_name, schema, payload, field) => {
    expect(firstRejectedField(schema, payload)).toBe(field);
  });
});
