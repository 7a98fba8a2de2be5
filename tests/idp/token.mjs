#!/usr/bin/env node
// Gets an access token with the OAuth 2.0 client credentials grant (a service
// principal), authenticating with client_secret_basic, and prints it.
//
//   node tests/idp/token.mjs --issuer http://127.0.0.1:PORT --client-id svc --client-secret S \
//     [--resource URI] [--scope S] [--json]
//
// Exit status: 0 with the token on stdout; 1 when the provider refused, with
// its error on stderr; 2 on a usage error.

import { parseArgs } from 'node:util';

const USAGE = `usage: node token.mjs --issuer URL --client-id ID --client-secret SECRET
       [--resource URI] [--scope SCOPE] [--json]
The secret may come from the IDP_CLIENT_SECRET environment variable instead.
--json prints the whole token response instead of the access token alone.`;

function usageError(message) {
  process.stderr.write(`token: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main() {
  let args;
  try {
    ({ values: args } = parseArgs({
      options: {
        issuer: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        resource: { type: 'string' },
        scope: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    usageError(err.message);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const secret = args['client-secret'] ?? process.env.IDP_CLIENT_SECRET;
  for (const [name, value] of [['--issuer', args.issuer], ['--client-id', args['client-id']], ['--client-secret', secret]]) {
    if (!value) usageError(`${name} is required`);
  }
  const issuer = args.issuer.replace(/\/+$/, '');

  const discoveryUrl = `${issuer}/.well-known/openid-configuration`;
  const discoveryResponse = await fetch(discoveryUrl);
  if (!discoveryResponse.ok) throw new Error(`discovery ${discoveryUrl} answered HTTP ${discoveryResponse.status}`);
  const discovery = await discoveryResponse.json();
  if (discovery.issuer !== issuer) throw new Error(`discovery issuer ${discovery.issuer} differs from --issuer ${issuer}`);

  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  if (args.resource !== undefined) body.set('resource', args.resource);
  if (args.scope !== undefined) body.set('scope', args.scope);
  // RFC 6749 2.3.1: both parts are form-encoded before the base64 step.
  const basic = Buffer.from(`${encodeURIComponent(args['client-id'])}:${encodeURIComponent(secret)}`).toString('base64');
  const res = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: body.toString(),
  });
  const tokens = await res.json();
  if (!res.ok) {
    process.stderr.write(`token: the token endpoint refused: ${tokens.error}${tokens.error_description ? ` (${tokens.error_description})` : ''}\n`);
    return 1;
  }
  process.stdout.write(args.json ? `${JSON.stringify(tokens)}\n` : `${tokens.access_token}\n`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  process.stderr.write(`token: ${err.message}${err.cause ? `: ${err.cause.message ?? err.cause}` : ''}\n`);
  process.exitCode = 1;
}
