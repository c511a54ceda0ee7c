// Outside this repository a game server runs `npm install @ticketonomics/sdk` and imports it by name. Inside
// it, the package is not installed: the SDK compiled by `npm run build` (which `npm start` runs) stands in.
// The SDK imports no workspace library, so that compiled copy is the same code the package ships.
let sdk;
try {
  sdk = await import('@ticketonomics/sdk');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  const built = new URL('../../dist/libs/sdk/src/index.js', import.meta.url);
  try {
    sdk = await import(built.href);
  } catch (cause) {
    throw new Error(
      '@ticketonomics/sdk is not installed and the workspace is not built: run `npm run build`',
      {
        cause,
      },
    );
  }
}

export const { TicketonomicsClient, isTicketonomicsError } = sdk.default ?? sdk;
