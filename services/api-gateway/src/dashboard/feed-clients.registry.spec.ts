import { FeedClients } from './feed-clients.registry';

const feed = (communityId: string, name: string) => ({ communityId, name });

describe('FeedClients', () => {
  it("gives a community's feeds only, and forgets a community whose last feed closed", () => {
    const clients = new FeedClients<ReturnType<typeof feed>>();
    const a1 = feed('a', 'a1');
    const a2 = feed('a', 'a2');
    const b1 = feed('b', 'b1');
    for (const client of [a1, a2, b1]) clients.add(client);
    expect(clients.size).toBe(3);
    expect(clients.ofCommunity('a')).toEqual([a1, a2]);
    expect(clients.ofCommunity('c')).toEqual([]);
    expect(clients.delete(a1)).toBe(true);
    expect(clients.delete(a1)).toBe(false);
    expect(clients.ofCommunity('a')).toEqual([a2]);
    clients.delete(a2);
    expect(clients.hasCommunity('a')).toBe(false);
    expect(clients.hasCommunity('b')).toBe(true);
    expect([...clients]).toEqual([b1]);
    expect(clients.has(b1)).toBe(true);
  });

  it('lets a caller close feeds while going through a community', () => {
    const clients = new FeedClients<ReturnType<typeof feed>>();
    const feeds = [feed('a', '1'), feed('a', '2'), feed('a', '3')];
    for (const client of feeds) clients.add(client);
    const seen: string[] = [];
    for (const client of clients.ofCommunity('a')) {
      seen.push(client.name);
      clients.delete(client);
    }
    expect(seen).toEqual(['1', '2', '3']);
    expect(clients.size).toBe(0);
    expect(clients.hasCommunity('a')).toBe(false);
  });
});
