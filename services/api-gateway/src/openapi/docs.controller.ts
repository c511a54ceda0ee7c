import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { API_ROUTES } from '../http/api.routes';
import { routeNotFound } from '../http/http-error';
import { API_GATEWAY_VERSION } from '../api-gateway.tokens';
import { buildOpenApiDocument } from './openapi.document';

/** The files of swagger-ui-dist the page uses, served from the package (no CDN: no internet is assumed). */
const UI_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Ticketonomics HTTP API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script src="/docs/docs-init.js"></script>
</body>
</html>
`;

const INIT = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

/** /openapi.json (generated from the route table) and the browsable UI at /docs. */
@Controller()
export class DocsController {
  private readonly document: string;
  private readonly uiDir = dirname(require.resolve('swagger-ui-dist/package.json'));
  private readonly files = new Map<string, Buffer>();

  constructor(@Inject(API_GATEWAY_VERSION) version: string) {
    this.document = JSON.stringify(buildOpenApiDocument(API_ROUTES, version));
  }

  @Get('openapi.json')
  openApi(@Res() response: ServerResponse): void {
    send(response, 'application/json; charset=utf-8', this.document);
  }

  @Get('docs')
  page(@Res() response: ServerResponse): void {
    send(response, 'text/html; charset=utf-8', PAGE);
  }

  @Get('docs/:file')
  file(@Param('file') file: string, @Res() response: ServerResponse): void {
    if (file === 'docs-init.js') {
      send(response, 'text/javascript; charset=utf-8', INIT);
      return;
    }
    const type = UI_FILES[file];
    if (type === undefined) throw routeNotFound('GET', `/docs/${file}`);
    let content = this.files.get(file);
    if (content === undefined) {
      content = readFileSync(join(this.uiDir, file));
      this.files.set(file, content);
    }
    send(response, type, content);
  }
}

function send(response: ServerResponse, type: string, body: string | Buffer): void {
  response.writeHead(200, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)) });
  response.end(body);
}
