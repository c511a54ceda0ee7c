import { loadDashboardView } from './dashboard.assets';
import { escapeHtml, fillTemplate, inlineJson, localeOf, toHtml } from './dashboard.html';

describe('dashboard HTML on the server', () => {
  const hostile = `<img src=x onerror="alert('x')">&`;

  it('escapes every text and attribute value of the view', () => {
    const view = loadDashboardView();
    const formats = view.formats('en', { symbol: '🎟' });
    const party = { accountId: 'user:c:1', kind: 'user', memberId: '1', label: hostile };
    const rows = view
      .holders({ items: [{ rank: 1, balance: 1200, party }] }, formats)
      .map(toHtml)
      .join('');
    expect(rows).not.toContain('<img');
    expect(rows).toContain('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;');
    expect(rows).toContain('title="&lt;img');
    expect(rows).toContain('1,200 🎟');
    expect(escapeHtml(hostile)).not.toMatch(/[<>"']/);
  });

  it('writes purchases, new tickets and payments in words a member knows', () => {
    const view = loadDashboardView();
    const formats = view.formats('en', { symbol: '🎟' });
    const user = (label: string) => ({ accountId: `user:c:${label}`, kind: 'user', memberId: label, label });
    const at = '2026-11-28T12:00:00.000Z';
    const now = Date.parse(at) + 90_000;
    const text = (items: unknown[]) =>
      view
        .feed({ items }, formats, now)
        .map(toHtml)
        .join('')
        .replace(/<[^>]+>/g, '');
    const minted = { accountId: 'issuance:c', kind: 'issuance', memberId: null, label: 'New tickets' };
    const shown = text([
      { id: 't1', code: 'mint', amount: 43, from: minted, to: user('Emeka'), at, purchase: null },
      {
        id: 't2/post',
        code: 'purchase',
        amount: 50,
        from: user('Ada'),
        to: { accountId: 'escrow:c:artifacts', kind: 'escrow', memberId: 'artifacts', label: 'Market' },
        at,
        purchase: { id: 't2', channel: 'shop', itemName: 'Golden Ticket' },
      },
      { id: 't3', code: 'payment', amount: 14, from: user('Jun'), to: user('Dalia'), at, purchase: null },
    ]);
    expect(shown).toContain('New tickets for Emeka');
    expect(shown).toContain('Ada bought Golden Ticket in the shop');
    expect(shown).toContain('Jun → Dalia');
    expect(shown).toContain('1 min ago');
    expect(shown).not.toMatch(/escrow|issuance/i);
  });

  it('keeps inlined JSON from closing its script block', () => {
    const inlined = inlineJson({ name: '</script><script>alert(1)</script>' });
    expect(inlined).not.toContain('</script>');
    expect(JSON.parse(inlined)).toEqual({ name: '</script><script>alert(1)</script>' });
  });

  it('fills every slot of a template and refuses one left unfilled', () => {
    expect(fillTemplate('<title>{{title}}</title>', { title: 'A &amp; B' })).toBe('<title>A &amp; B</title>');
    expect(fillTemplate('{{a}}', { a: '$& $1' })).toBe('$& $1');
    expect(() => fillTemplate('{{missing}}', {})).toThrow('missing');
  });

  it('takes the visitor’s locale from Accept-Language, English when it names none', () => {
    expect(localeOf('de-DE,de;q=0.9,en;q=0.8')).toBe('de-DE');
    expect(localeOf('*, fr;q=0.5')).toBe('fr');
    expect(localeOf('not a tag!!, ')).toBe('en');
    expect(localeOf(undefined)).toBe('en');
  });
});
