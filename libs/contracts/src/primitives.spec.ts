import {
  AccountIdSchema,
  AMOUNT_MAX,
  AmountSchema,
  CommunityIdSchema,
  CursorSchema,
  IsoTimeSchema,
  MEMO_LENGTH_MAX,
  MemoSchema,
  OwnerIdSchema,
  PAGE_SIZE_MAX,
  PageSizeSchema,
  TransferIdSchema,
} from './primitives';

describe('AmountSchema', () => {
  it('keeps the cap inside the safe integer range', () => {
    expect(Number.isSafeInteger(AMOUNT_MAX)).toBe(true);
  });

  it.each([1, 2, 100, AMOUNT_MAX])('accepts %p', (amount) => {
    expect(AmountSchema.parse(amount)).toBe(amount);
  });

  it.each([
    AMOUNT_MAX + 1,
    0,
    -0,
    -1,
    1.5,
    0.1,
    NaN,
    Infinity,
    -Infinity,
    2 ** 53,
    2 ** 60,
    '100',
    '1',
    null,
    undefined,
    true,
    [1],
    { amount: 1 },
  ])('rejects %p', (amount) => {
    expect(AmountSchema.safeParse(amount).success).toBe(false);
  });
});

describe('identifiers', () => {
  it.each([
    [
      'CommunityIdSchema',
      CommunityIdSchema,
      ['demo', 'A_b-9', 'x'.repeat(64)],
      ['', 'x'.repeat(65), 'a b', 'a.b', 'a:b', 'a/b', 'é'],
    ],
    [
      'OwnerIdSchema',
      OwnerIdSchema,
      ['alice', '12345', 'a.b_c-d', 'x'.repeat(64)],
      ['', 'x'.repeat(65), 'a b', 'a:b', 'a/b'],
    ],
    [
      'TransferIdSchema',
      TransferIdSchema,
      ['example-pay-1', 'a:b.c_d', 'x'.repeat(128)],
      ['', 'x'.repeat(129), 'pay/tax', 'a b'],
    ],
    [
      'AccountIdSchema',
      AccountIdSchema,
      ['user:demo:alice', 'treasury:demo', 'x'.repeat(200)],
      ['', 'x'.repeat(201), 'user demo', 'a/b'],
    ],
    ['CursorSchema', CursorSchema, ['abc', 'MTIz_-', 'x'.repeat(400)], ['', 'x'.repeat(401), 'a=b', 'a+b']],
  ] as const)('%s accepts good ids and rejects bad ones', (_name, schema, good, bad) => {
    for (const value of good)
      expect({ value, ok: schema.safeParse(value).success }).toEqual({ value, ok: true });
    for (const value of bad)
      expect({ value, ok: schema.safeParse(value).success }).toEqual({ value, ok: false });
    expect(schema.safeParse(42).success).toBe(false);
    expect(schema.safeParse(null).success).toBe(false);
  });

  it('reserves "/" for rows the ledger derives, so a client transfer id never contains it', () => {
    expect(TransferIdSchema.safeParse('example-hold-1/void').success).toBe(false);
  });
});

describe('MemoSchema', () => {
  it(`accepts up to ${MEMO_LENGTH_MAX} characters`, () => {
    expect(MemoSchema.safeParse('').success).toBe(true);
    expect(MemoSchema.safeParse('x'.repeat(MEMO_LENGTH_MAX)).success).toBe(true);
    expect(MemoSchema.safeParse('x'.repeat(MEMO_LENGTH_MAX + 1)).success).toBe(false);
    expect(MemoSchema.safeParse(12).success).toBe(false);
  });
});

describe('IsoTimeSchema', () => {
  it.each(['2026-01-31T12:00:00Z', '2026-01-31T12:00:00.000Z'])('accepts %s', (time) => {
    expect(IsoTimeSchema.safeParse(time).success).toBe(true);
  });

  it.each([
    '2026-01-31',
    '2026-01-31T12:00:00+02:00',
    '2026-13-01T00:00:00Z',
    'yesterday',
    '',
    1_700_000_000_000,
  ])('rejects %p', (time) => {
    expect(IsoTimeSchema.safeParse(time).success).toBe(false);
  });
});

describe('PageSizeSchema', () => {
  it(`accepts 1..${PAGE_SIZE_MAX} whole numbers only`, () => {
    expect(PageSizeSchema.safeParse(1).success).toBe(true);
    expect(PageSizeSchema.safeParse(PAGE_SIZE_MAX).success).toBe(true);
    for (const bad of [0, -1, PAGE_SIZE_MAX + 1, 2.5, '10'])
      expect(PageSizeSchema.safeParse(bad).success).toBe(false);
  });
});
