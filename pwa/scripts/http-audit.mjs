// Runs graphql-http's GraphQL-over-HTTP conformance audit against a running server:
//   node scripts/http-audit.mjs http://127.0.0.1:8080/graphql
// Prints one JSON object on stdout ({ must, should, may, results }; each level counts
// { ok, total }) and a readable summary on stderr. Exits 0 when the audit ran, whatever it
// found (server/http_audit_test.go judges the counts), 2 when it could not run.
import { auditServer } from 'graphql-http';

const url = process.argv[2] ?? process.env.GRAPHQL_URL;
if (!url) {
  console.error('usage: node scripts/http-audit.mjs <graphql endpoint URL>');
  process.exit(2);
}

let results;
try {
  results = await auditServer({ url });
} catch (err) {
  console.error(`http-audit: the audit could not run against ${url}: ${err?.stack ?? err}`);
  process.exit(2);
}

const levels = { must: { ok: 0, total: 0 }, should: { ok: 0, total: 0 }, may: { ok: 0, total: 0 } };
const out = [];
for (const r of results) {
  const level = levels[r.name.split(' ', 1)[0].toLowerCase()];
  level.total++;
  if (r.status === 'ok') level.ok++;
  const entry = { id: r.id, name: r.name, status: r.status };
  if (r.status !== 'ok') {
    entry.reason = r.reason;
    // The response is a Response whose body the audit may have read already.
    try {
      entry.response = { status: r.response.status, body: await r.response.text() };
    } catch {
      entry.response = { status: r.response?.status };
    }
  }
  out.push(entry);
}

for (const [name, c] of Object.entries(levels)) console.error(`${name.toUpperCase()}: ${c.ok}/${c.total}`);
for (const r of out) if (r.status !== 'ok') console.error(`${r.status} ${r.id} ${r.name}: ${r.reason}`);
process.stdout.write(JSON.stringify({ ...levels, results: out }) + '\n');
