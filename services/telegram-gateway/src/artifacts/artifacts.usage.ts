/** The syntax of the artifact commands, quoted back when a member writes one wrongly. */
export const ARTIFACT_USAGE = {
  buy: '/buy <number from /shop>, or /buy m<number from /market>; optionally the most you pay: /buy m3 40',
  inventory: '/inventory [@user]',
  artifact: '/artifact e5',
  gift: '/gift e5 @user, or reply to their message with /gift e5',
  sell: '/sell e5 <price>',
  market: '/market [artifact type number]',
  unlist: '/unlist m3',
  trade:
    '/trade @user give e5 e6 for 30 (tickets), for e7 (their edition) or for 30 e7; or reply to their message with /trade give e5 for 30',
  newArtifact:
    '/newartifact <emoji> <name> [supply 100] [royalty 5%] [common|uncommon|rare|epic|legendary] [price 25 [stock 10]]',
  restock: '/restock <shop item number> <how many more | unlimited>',
} as const;
