import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { GRAPHIQL_ASSETS, GRAPHIQL_DIR_CANDIDATES } from './graphiql-assets';

/**
 * GraphiQL from the gateway's own files, so it works with no network: the
 * static bundle `npm run build` puts in dist/graphiql/ (see graphiql-assets.ts;
 * no React package is needed at run time). Assets are read once at start-up;
 * only these names are served (no path from the request reaches the disk).
 */
export const DEFAULT_QUERY = `# Certificates of every source in one order, soonest expiry first.
# Compliance: who lacks what their requirement sets ask for (PEOPLE_FILE, REQUIREMENTS_FILE), most urgent first.
# Live changes: run the CertificateEvents or ComplianceChanges subscription below (it stays open).
# The run button asks which operation to run. With GATEWAY_API_KEYS set, put {"Authorization": "Bearer <key>"} in Headers.
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

query Compliance {
  compliance(first: 10, filter: { status: [EXPIRED, MISSING, EXPIRING] }) {
    totalCount
    summary { byRequirementSet { key valid expiring expired missing total } }
    nodes {
      person { name email }
      requirement { name set }
      status
      expiresOn
      daysLeft
      certificate { source name }
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

subscription ComplianceChanges {
  complianceChanges {
    eventId
    cause
    person { name }
    requirement { name set }
    oldStatus
    newStatus
    certificate { source name expiresOn }
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

/** Where the built bundle is: the first candidate holding every asset, or a start-up error saying how to make it. */
function bundleDir(): string {
  const candidates = GRAPHIQL_DIR_CANDIDATES(__dirname).map((d) => resolve(d));
  const dir = candidates.find((d) => Object.keys(GRAPHIQL_ASSETS).every((name) => existsSync(join(d, name))));
  if (!dir) throw new Error(`GraphiQL's static bundle is missing (looked in ${candidates.join(', ')}): run npm run build`);
  return dir;
}

export function createGraphiqlHandler(): GraphiqlHandler {
  const files = new Map<string, { body: Buffer; type: string }>();
  const dir = bundleDir();
  for (const [name, a] of Object.entries(GRAPHIQL_ASSETS)) files.set(name, { body: readFileSync(join(dir, name)), type: a.type });
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
