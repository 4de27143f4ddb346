import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * GraphiQL from the gateway's own files (the graphiql, react and react-dom
 * packages), so it works with no network. Assets are read once at start-up;
 * only these names are served (no path from the request reaches the disk).
 */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

const DEFAULT_QUERY = `# Certificates of every source in one order, soonest expiry first.
# Live changes: run the CertificateEvents subscription below (it stays open).
# With GATEWAY_API_KEYS set, put {"Authorization": "Bearer <key>"} in Headers.
query Certificates {
  certificates(first: 10, orderBy: { field: EXPIRES_ON, direction: ASC }) {
    totalCount
    edges {
      node {
        source
        name
        status
        expiresOn
        holder { name email }
        certification { name }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}

subscription CertificateEvents {
  certificateEvents {
    eventId
    type
    source
    occurredAt
    changes { field old new }
    certificate { name status expiresOn holder { name } }
  }
}
`;

function page(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Certificate gateway · GraphiQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
<style>html,body,#graphiql{height:100%;margin:0;}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/assets/react.production.min.js"></script>
<script src="/graphiql/assets/react-dom.production.min.js"></script>
<script src="/graphiql/assets/graphiql.min.js"></script>
<script src="/graphiql/assets/app.js"></script>
</body>
</html>`;
}

const APP_JS = `(function () {
  var url = new URL('/graphql', window.location.href).toString();
  // Subscriptions go over graphql-ws on the same path; the Headers tab is sent as connectionParams.
  var fetcher = GraphiQL.createFetcher({ url: url, subscriptionUrl: url.replace(/^http/, 'ws') });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false
  }));
})();`;

export interface GraphiqlHandler {
  /** Answers /graphiql and its assets; returns false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
}

export function createGraphiqlHandler(): GraphiqlHandler {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const [name, a] of Object.entries(ASSETS)) {
    // The packages' "exports" hide their UMD builds from require.resolve: locate the package, then the file.
    const dir = dirname(require.resolve(`${a.pkg}/package.json`));
    files.set(name, { body: readFileSync(join(dir, a.file)), type: a.type });
  }
  files.set('app.js', { body: Buffer.from(APP_JS), type: 'text/javascript' });
  const html = Buffer.from(page());
  return {
    handle(req, res, pathname) {
      if (pathname === '/graphiql' || pathname === '/graphiql/') {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-cache',
          // Everything comes from this origin: nothing may load from elsewhere.
          'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; font-src 'self' data:",
        });
        res.end(req.method === 'HEAD' ? undefined : html);
        return true;
      }
      if (pathname.startsWith('/graphiql/assets/')) {
        const f = files.get(pathname.slice('/graphiql/assets/'.length));
        if (!f) return false;
        res.writeHead(200, { 'content-type': `${f.type}; charset=utf-8`, 'cache-control': 'public, max-age=3600' });
        res.end(req.method === 'HEAD' ? undefined : f.body);
        return true;
      }
      return false;
    },
  };
}
