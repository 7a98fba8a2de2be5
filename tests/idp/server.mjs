#!/usr/bin/env node
// OpenID provider for the weka end-to-end tests: the certified `oidc-provider`
// package, configured from a JSON file, listening on 127.0.0.1.
//
//   node tests/idp/server.mjs --config <file.json>
//   node tests/idp/server.mjs --config-json '<json>'
//
// When ready it prints exactly one JSON line on stdout (see README.md); every
// log line goes to stderr. It exits on SIGTERM, SIGINT, and end-of-file on
// stdin when stdin is a pipe or a socket (so it never outlives its parent).

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { parseArgs } from 'node:util';

// oidc-provider prints its notices with console.info, which is stdout. Stdout
// carries only the ready line, so every console method goes to stderr.
for (const method of ['log', 'info', 'debug', 'warn']) {
  console[method] = (...args) => console.error(...args);
}

let oidc;
try {
  oidc = await import('oidc-provider');
} catch (err) {
  process.stderr.write(`idp: cannot load the oidc-provider package (${err.message}); install it with: npm ci --prefix tests/idp\n`);
  process.exit(1);
}
const { Provider, errors: oidcErrors } = oidc;

// ---------------------------------------------------------------- config --

const SUPPORTED_ALGS = {
  RS256: { type: 'rsa', options: { modulusLength: 2048 } },
  PS256: { type: 'rsa', options: { modulusLength: 2048 } },
  ES256: { type: 'ec', options: { namedCurve: 'P-256' } },
  EdDSA: { type: 'ed25519', options: {} },
};

// Claims a configuration may not set: the token format owns them.
const RESERVED_CLAIMS = new Set([
  'iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti', 'client_id', 'scope', 'cnf',
  'auth_time', 'nonce', 'azp', 'at_hash', 'c_hash', 's_hash', 'sid', 'acr', 'amr',
  'authorization_details',
]);

const DEFAULTS = {
  port: 0,
  alg: 'RS256',
  audience: 'weka-s3',
  resource: 'urn:weka:s3',
  roles_claim: 'roles',
  access_token_ttl: 300,
  id_token_ttl: 300,
};

class ConfigError extends Error {}

function fail(path, message) {
  throw new ConfigError(`config: ${path}: ${message}`);
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkKeys(path, object, allowed) {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      fail(`${path}.${key}`, `unknown field; allowed fields are: ${allowed.join(', ')}`);
    }
  }
}

function nonEmptyString(path, value) {
  if (typeof value !== 'string' || value.length === 0) {
    fail(path, 'must be a non-empty string');
  }
  return value;
}

function positiveInteger(path, value) {
  if (!Number.isSafeInteger(value) || value <= 0) {
    fail(path, 'must be a positive whole number of seconds');
  }
  return value;
}

// A roles claim is a string (dots make a nested path: "realm_access.roles")
// or an array of path segments (["https://example.test/roles"] for a name
// that itself contains dots).
function claimPath(path, value) {
  if (typeof value === 'string') {
    const segments = value.split('.');
    if (segments.some((s) => s.length === 0)) {
      fail(path, `"${value}" has an empty path segment; use an array of segments for a claim name with dots`);
    }
    value = segments;
  }
  if (!Array.isArray(value) || value.length === 0
    || value.some((s) => typeof s !== 'string' || s.length === 0)) {
    fail(path, 'must be a claim name ("roles", "realm_access.roles") or a non-empty array of path segments');
  }
  if (RESERVED_CLAIMS.has(value[0])) {
    fail(path, `"${value[0]}" is a registered JWT claim and cannot carry roles`);
  }
  return value;
}

// Roles keep the shape they were given: an array stays an array, a single
// string stays a string (both occur in real tokens), absent means no claim.
function roles(path, value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((r) => typeof r === 'string')) return value;
  return fail(path, 'must be a string, an array of strings, or absent');
}

function extraClaims(path, value) {
  if (value === undefined) return {};
  if (!isPlainObject(value)) fail(path, 'must be an object of claim names to JSON values');
  for (const name of Object.keys(value)) {
    if (RESERVED_CLAIMS.has(name)) {
      fail(`${path}.${name}`, 'is a registered JWT claim set by the provider itself');
    }
  }
  return structuredClone(value);
}

function setPath(target, segments, value, path) {
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    if (node[segment] === undefined) node[segment] = {};
    if (!isPlainObject(node[segment])) {
      fail(path, `claim "${segment}" is already set to a non-object value, roles cannot be nested in it`);
    }
    node = node[segment];
  }
  node[segments.at(-1)] = value;
}

function isLoopbackHttp(uri) {
  const url = URL.parse(uri);
  return url !== null && url.protocol === 'http:'
    && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

function loadConfig(raw) {
  if (!isPlainObject(raw)) fail('(top level)', 'must be a JSON object');
  checkKeys('(top level)', raw, [
    'port', 'alg', 'audience', 'resource', 'roles_claim', 'access_token_ttl', 'id_token_ttl',
    'admin_secret', 'clients', 'users',
  ]);
  const config = { ...DEFAULTS, ...raw };

  if (!Number.isSafeInteger(config.port) || config.port < 0 || config.port > 65535) {
    fail('port', 'must be 0 (pick a free port) or a TCP port number');
  }
  if (!(config.alg in SUPPORTED_ALGS)) {
    fail('alg', `"${config.alg}" is not supported; use one of ${Object.keys(SUPPORTED_ALGS).join(', ')}`);
  }
  nonEmptyString('audience', config.audience);
  nonEmptyString('resource', config.resource);
  if (URL.parse(config.resource) === null || config.resource.includes('#')) {
    fail('resource', 'must be an absolute URI without a fragment (RFC 8707), e.g. "urn:weka:s3"');
  }
  config.roles_claim = claimPath('roles_claim', config.roles_claim);
  positiveInteger('access_token_ttl', config.access_token_ttl);
  positiveInteger('id_token_ttl', config.id_token_ttl);
  if (config.admin_secret !== undefined) nonEmptyString('admin_secret', config.admin_secret);

  const clients = config.clients ?? [];
  if (!Array.isArray(clients)) fail('clients', 'must be an array');
  const seenClients = new Set();
  config.clients = clients.map((c, i) => {
    const p = `clients[${i}]`;
    if (!isPlainObject(c)) fail(p, 'must be an object');
    checkKeys(p, c, [
      'client_id', 'client_secret', 'roles', 'roles_claim', 'claims', 'audience',
      'access_token_ttl', 'id_token_ttl', 'redirect_uris',
    ]);
    nonEmptyString(`${p}.client_id`, c.client_id);
    if (seenClients.has(c.client_id)) fail(`${p}.client_id`, `"${c.client_id}" is listed twice`);
    seenClients.add(c.client_id);
    if (c.client_secret !== undefined) nonEmptyString(`${p}.client_secret`, c.client_secret);
    const redirectUris = c.redirect_uris ?? [];
    if (!Array.isArray(redirectUris) || redirectUris.some((u) => URL.parse(u) === null)) {
      fail(`${p}.redirect_uris`, 'must be an array of absolute URLs');
    }
    if (c.client_secret === undefined && redirectUris.length === 0) {
      fail(p, 'needs a client_secret (client credentials grant), redirect_uris (authorization code flow), or both');
    }
    return {
      client_id: c.client_id,
      client_secret: c.client_secret,
      roles: roles(`${p}.roles`, c.roles),
      roles_claim: c.roles_claim === undefined ? config.roles_claim : claimPath(`${p}.roles_claim`, c.roles_claim),
      claims: extraClaims(`${p}.claims`, c.claims),
      audience: c.audience === undefined ? config.audience : nonEmptyString(`${p}.audience`, c.audience),
      access_token_ttl: c.access_token_ttl === undefined ? undefined : positiveInteger(`${p}.access_token_ttl`, c.access_token_ttl),
      id_token_ttl: c.id_token_ttl === undefined ? undefined : positiveInteger(`${p}.id_token_ttl`, c.id_token_ttl),
      redirect_uris: redirectUris,
    };
  });

  const users = config.users ?? [];
  if (!Array.isArray(users)) fail('users', 'must be an array');
  const seenUsers = new Set();
  const seenSubs = new Set();
  config.users = users.map((u, i) => {
    const p = `users[${i}]`;
    if (!isPlainObject(u)) fail(p, 'must be an object');
    checkKeys(p, u, [
      'username', 'password', 'sub', 'email', 'name', 'roles', 'claims',
      'access_token_ttl', 'id_token_ttl',
    ]);
    nonEmptyString(`${p}.username`, u.username);
    nonEmptyString(`${p}.password`, u.password);
    if (seenUsers.has(u.username)) fail(`${p}.username`, `"${u.username}" is listed twice`);
    seenUsers.add(u.username);
    const sub = u.sub === undefined ? u.username : nonEmptyString(`${p}.sub`, u.sub);
    if (seenSubs.has(sub)) fail(`${p}.sub`, `"${sub}" is used by two users`);
    seenSubs.add(sub);
    const claims = extraClaims(`${p}.claims`, u.claims);
    for (const name of ['preferred_username', 'email', 'name', 'email_verified']) {
      if (name in claims) fail(`${p}.claims.${name}`, 'is set from the user fields (username, email, name)');
    }
    return {
      username: u.username,
      password: u.password,
      sub,
      email: u.email === undefined ? undefined : nonEmptyString(`${p}.email`, u.email),
      name: u.name === undefined ? undefined : nonEmptyString(`${p}.name`, u.name),
      roles: roles(`${p}.roles`, u.roles),
      claims,
      access_token_ttl: u.access_token_ttl === undefined ? undefined : positiveInteger(`${p}.access_token_ttl`, u.access_token_ttl),
      id_token_ttl: u.id_token_ttl === undefined ? undefined : positiveInteger(`${p}.id_token_ttl`, u.id_token_ttl),
    };
  });

  // Roles nested under a claim (realm_access.roles) must not clash with the
  // extra claims of any identity that would carry them.
  for (const c of config.clients) {
    setPath(structuredClone(c.claims), c.roles_claim, [], `clients[${c.client_id}].roles_claim`);
    for (const u of config.users) {
      setPath(structuredClone(u.claims), c.roles_claim, [], `users[${u.username}] with client ${c.client_id}`);
    }
  }
  return config;
}

// ------------------------------------------------------------------ keys --

let keyCounter = 0;

function generateSigningKey(alg) {
  const { type, options } = SUPPORTED_ALGS[alg];
  const { privateKey } = crypto.generateKeyPairSync(type, options);
  keyCounter += 1;
  const kid = `k${keyCounter}-${crypto.randomBytes(6).toString('hex')}`;
  return { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
}

// --------------------------------------------------------------- helpers --

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function sha256(value) {
  return crypto.createHash('sha256').update(value, 'utf8').digest();
}

function secretsEqual(a, b) {
  return crypto.timingSafeEqual(sha256(a), sha256(b));
}

async function readBody(req, limit = 64 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw Object.assign(new Error('request body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendHtml(res, status, title, body) {
  const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}

function sendJson(res, status, value) {
  const json = `${JSON.stringify(value)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

function log(message) {
  process.stderr.write(`[idp] ${new Date().toISOString()} ${message}\n`);
}

// ----------------------------------------------------------- the provider --

function buildProvider(issuer, config, jwks, cookieKeys) {
  const clientsById = new Map(config.clients.map((c) => [c.client_id, c]));
  const usersBySub = new Map(config.users.map((u) => [u.sub, u]));

  const rolesClaims = (roleValues, segments, base) => {
    const claims = structuredClone(base);
    if (roleValues !== undefined) setPath(claims, segments, structuredClone(roleValues), 'roles_claim');
    return claims;
  };

  const userClaims = (user, client) => {
    const claims = rolesClaims(user.roles, client?.roles_claim ?? config.roles_claim, user.claims);
    claims.preferred_username = user.username;
    if (user.name !== undefined) claims.name = user.name;
    if (user.email !== undefined) {
      claims.email = user.email;
      claims.email_verified = true;
    }
    return claims;
  };

  // Every top-level claim a user token may carry belongs to the `openid`
  // scope, except the standard profile and email claims.
  const openidClaims = new Set(['sub']);
  for (const segments of [config.roles_claim, ...config.clients.map((c) => c.roles_claim)]) {
    openidClaims.add(segments[0]);
  }
  for (const user of config.users) {
    for (const name of Object.keys(user.claims)) openidClaims.add(name);
  }

  const oidcClients = config.clients.map((c) => {
    const grantTypes = [];
    if (c.client_secret !== undefined) grantTypes.push('client_credentials');
    if (c.redirect_uris.length > 0) grantTypes.push('authorization_code');
    const metadata = {
      client_id: c.client_id,
      grant_types: grantTypes,
      response_types: c.redirect_uris.length > 0 ? ['code'] : [],
      redirect_uris: c.redirect_uris,
      // Loopback http redirect URIs make a native client (RFC 8252): any
      // port is then accepted, as for a CLI that listens on a free port.
      application_type: c.redirect_uris.length > 0 && c.redirect_uris.every(isLoopbackHttp) ? 'native' : 'web',
      id_token_signed_response_alg: config.alg,
    };
    if (c.client_secret === undefined) {
      metadata.token_endpoint_auth_method = 'none';
    } else {
      metadata.client_secret = c.client_secret;
      metadata.token_endpoint_auth_method = 'client_secret_basic';
    }
    return metadata;
  });

  const accessTokenTtl = (ctx, token, client) => {
    const user = token.accountId === undefined ? undefined : usersBySub.get(token.accountId);
    const c = clientsById.get(client?.clientId);
    return user?.access_token_ttl ?? c?.access_token_ttl ?? config.access_token_ttl;
  };

  const provider = new Provider(issuer, {
    clients: oidcClients,
    jwks: { keys: jwks },
    cookies: { keys: cookieKeys },
    clientDefaults: {
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: config.alg,
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    enabledJWA: {
      idTokenSigningAlgValues: [config.alg],
    },
    claims: {
      openid: [...openidClaims],
      profile: ['preferred_username', 'name'],
      email: ['email', 'email_verified'],
    },
    // Identity claims go into the ID token itself, as Entra ID and Keycloak do.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (ctx, client, oneOf) => oneOf ?? config.resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (ctx, resourceIndicator, client) => {
          if (resourceIndicator !== config.resource) {
            throw new oidcErrors.InvalidTarget(`unknown resource indicator; this provider serves "${config.resource}"`);
          }
          return {
            scope: '',
            audience: clientsById.get(client.clientId)?.audience ?? config.audience,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: config.alg } },
          };
        },
      },
    },
    extraTokenClaims: async (ctx, token) => {
      const client = clientsById.get(token.clientId);
      if (token.kind === 'ClientCredentials') {
        if (client === undefined) return undefined;
        return rolesClaims(client.roles, client.roles_claim, client.claims);
      }
      if (token.kind === 'AccessToken' && token.accountId !== undefined) {
        const user = usersBySub.get(token.accountId);
        return user === undefined ? undefined : userClaims(user, client);
      }
      return undefined;
    },
    findAccount: async (ctx, sub) => {
      const user = usersBySub.get(sub);
      if (user === undefined) return undefined;
      return {
        accountId: user.sub,
        claims: async () => ({ sub: user.sub, ...userClaims(user, clientsById.get(ctx.oidc.client?.clientId)) }),
      };
    },
    interactions: {
      url: (ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: (ctx, token, client) => {
        const user = usersBySub.get(token.available?.sub);
        const c = clientsById.get(client?.clientId);
        return user?.id_token_ttl ?? c?.id_token_ttl ?? config.id_token_ttl;
      },
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      RefreshToken: 3600,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Error</title></head>
<body><h1>Error</h1>
${Object.entries(out).map(([k, v]) => `<p class="error"><strong>${escapeHtml(k)}</strong>: ${escapeHtml(v)}</p>`).join('\n')}
</body></html>
`;
    },
    clientBasedCORS: () => false,
  });

  provider.on('server_error', (ctx, err) => log(`server error on ${ctx.method} ${ctx.path}: ${err.stack}`));
  for (const event of ['grant.error', 'authorization.error']) {
    provider.on(event, (ctx, err) => log(`${event}: ${err.name}: ${err.message}${err.error_description ? ` (${err.error_description})` : ''}`));
  }
  return provider;
}

// ----------------------------------------------------------- interactions --

function loginPage(uid, clientId, error, username) {
  return `<p>Sign in to continue to <strong>${escapeHtml(clientId)}</strong>.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form id="login" method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
  <label>Username <input type="text" name="username" value="${escapeHtml(username ?? '')}" required autofocus></label>
  <label>Password <input type="password" name="password" required></label>
  <button type="submit">Sign in</button>
</form>
<form id="abort" method="post" action="/interaction/${escapeHtml(uid)}/abort">
  <button type="submit">Cancel</button>
</form>`;
}

function consentPage(uid, clientId, details) {
  const items = [];
  for (const scope of details.missingOIDCScope ?? []) items.push(`scope ${scope}`);
  for (const claim of details.missingOIDCClaims ?? []) items.push(`claim ${claim}`);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    items.push(`${indicator}: ${scopes.join(' ')}`);
  }
  return `<p><strong>${escapeHtml(clientId)}</strong> asks for access to:</p>
<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>
<form id="consent" method="post" action="/interaction/${escapeHtml(uid)}/confirm">
  <button type="submit">Allow</button>
</form>
<form id="abort" method="post" action="/interaction/${escapeHtml(uid)}/abort">
  <button type="submit">Deny</button>
</form>`;
}

async function handleInteraction(provider, config, req, res, uid, action) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (err) {
    if (err instanceof oidcErrors.SessionNotFound) {
      sendHtml(res, 400, 'Sign-in session expired', `<p class="error">${escapeHtml(err.error_description ?? err.message)}; start the sign-in again.</p>`);
      return;
    }
    throw err;
  }
  if (details.uid !== uid) {
    sendHtml(res, 400, 'Sign-in session mismatch', '<p class="error">this page does not belong to the current sign-in; start the sign-in again.</p>');
    return;
  }
  const { prompt, params } = details;
  const clientId = String(params.client_id);

  if (action === 'show' && req.method === 'GET') {
    if (prompt.name === 'login') {
      sendHtml(res, 200, 'Sign in', loginPage(uid, clientId, undefined, params.login_hint));
    } else if (prompt.name === 'consent') {
      sendHtml(res, 200, 'Authorize', consentPage(uid, clientId, prompt.details));
    } else {
      sendHtml(res, 501, 'Unsupported prompt', `<p class="error">prompt ${escapeHtml(prompt.name)} is not supported</p>`);
    }
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' }).end();
    return;
  }

  const form = new URLSearchParams(await readBody(req));
  if (action === 'login') {
    if (prompt.name !== 'login') {
      sendHtml(res, 400, 'Unexpected step', '<p class="error">this sign-in is not waiting for a login.</p>');
      return;
    }
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    const user = config.users.find((u) => u.username === username);
    // Compare against a dummy password for unknown users so both cases take the same time.
    const ok = secretsEqual(password, user?.password ?? crypto.randomBytes(16).toString('hex')) && user !== undefined;
    if (!ok) {
      log(`login failed for client ${clientId}`);
      sendHtml(res, 200, 'Sign in', loginPage(uid, clientId, 'Invalid username or password.', username));
      return;
    }
    log(`login of ${user.username} for client ${clientId}`);
    await provider.interactionFinished(req, res, {
      login: { accountId: user.sub, amr: ['pwd'] },
    }, { mergeWithLastSubmission: false });
    return;
  }
  if (action === 'confirm') {
    if (prompt.name !== 'consent') {
      sendHtml(res, 400, 'Unexpected step', '<p class="error">this sign-in is not waiting for consent.</p>');
      return;
    }
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    const consent = details.grantId ? {} : { grantId };
    await provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
    return;
  }
  if (action === 'abort') {
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
    }, { mergeWithLastSubmission: false });
    return;
  }
  res.writeHead(404).end();
}

// ------------------------------------------------------------------ main --

function usage() {
  return `usage: node server.mjs (--config <file.json> | --config-json '<json>')
See tests/idp/README.md for the config format.`;
}

async function main() {
  let args;
  try {
    ({ values: args } = parseArgs({
      options: {
        config: { type: 'string' },
        'config-json': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    process.stderr.write(`${err.message}\n${usage()}\n`);
    return 2;
  }
  if (args.help) {
    process.stderr.write(`${usage()}\n`);
    return 0;
  }
  if ((args.config === undefined) === (args['config-json'] === undefined)) {
    process.stderr.write(`give exactly one of --config and --config-json\n${usage()}\n`);
    return 2;
  }

  let config;
  try {
    let text;
    let source;
    if (args.config !== undefined) {
      source = args.config;
      try {
        text = fs.readFileSync(args.config, 'utf8');
      } catch (err) {
        throw new ConfigError(`cannot read config file ${args.config}: ${err.message}`);
      }
    } else {
      source = '--config-json';
      text = args['config-json'];
    }
    let raw;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`${source} is not valid JSON: ${err.message}`);
    }
    config = loadConfig(raw);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }

  const adminSecret = config.admin_secret ?? crypto.randomBytes(24).toString('base64url');
  const cookieKeys = [crypto.randomBytes(32).toString('base64url')];
  let keys = [generateSigningKey(config.alg)];
  // The provider answering requests and its node request handler; replaced
  // as a whole on key rotation.
  let active;

  const server = http.createServer();
  server.keepAliveTimeout = 1000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;

  const install = () => {
    const provider = buildProvider(issuer, config, keys, cookieKeys);
    active = { provider, handler: provider.callback() };
  };
  install();

  const rotate = (dropOld) => {
    const key = generateSigningKey(config.alg);
    const next = dropOld ? [key] : [key, ...keys];
    const previous = keys;
    keys = next;
    try {
      install();
    } catch (err) {
      keys = previous;
      install();
      throw err;
    }
    log(`signing key rotated: active kid ${key.kid}, published kids ${keys.map((k) => k.kid).join(', ')}`);
    return { kid: key.kid, alg: config.alg, kids: keys.map((k) => k.kid) };
  };

  const adminAuthorized = (req) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    return match !== null && secretsEqual(match[1], adminSecret);
  };

  server.on('request', async (req, res) => {
    const started = Date.now();
    // Only the path is logged: queries and bodies may carry codes and secrets.
    const pathname = URL.parse(req.url, issuer)?.pathname;
    res.on('finish', () => log(`${req.method} ${pathname ?? '(bad URL)'} ${res.statusCode} ${Date.now() - started}ms`));
    try {
      if (pathname === undefined) {
        sendJson(res, 400, { error: 'invalid_request', error_description: 'malformed request target' });
        return;
      }
      const { searchParams } = new URL(req.url, issuer);
      // Bind the provider once per request: a rotation in the middle of a
      // request does not change which provider answers it.
      const current = active;
      const interaction = /^\/interaction\/([^/]+)(?:\/(login|confirm|abort))?$/.exec(pathname);
      if (interaction) {
        await handleInteraction(current.provider, config, req, res, interaction[1], interaction[2] ?? 'show');
        return;
      }
      if (pathname.startsWith('/admin/')) {
        if (!adminAuthorized(req)) {
          sendJson(res, 401, { error: 'unauthorized', error_description: 'send Authorization: Bearer <admin_secret from the ready line>' });
          return;
        }
        if (pathname === '/admin/rotate' && req.method === 'POST') {
          const body = await readBody(req);
          let dropOld = ['1', 'true'].includes(searchParams.get('drop_old') ?? '');
          if (body.trim().length > 0) {
            let parsed;
            try {
              parsed = JSON.parse(body);
            } catch {
              sendJson(res, 400, { error: 'invalid_request', error_description: 'body must be JSON, e.g. {"drop_old": true}, or empty' });
              return;
            }
            if (!isPlainObject(parsed) || (parsed.drop_old !== undefined && typeof parsed.drop_old !== 'boolean')) {
              sendJson(res, 400, { error: 'invalid_request', error_description: 'body must be {"drop_old": true|false}' });
              return;
            }
            dropOld = parsed.drop_old ?? dropOld;
          }
          sendJson(res, 200, rotate(dropOld));
          return;
        }
        if (pathname === '/admin/keys' && req.method === 'GET') {
          sendJson(res, 200, { kid: keys[0].kid, alg: config.alg, kids: keys.map((k) => k.kid) });
          return;
        }
        sendJson(res, 404, { error: 'not_found', error_description: 'admin endpoints: POST /admin/rotate, GET /admin/keys' });
        return;
      }
      await current.handler(req, res);
    } catch (err) {
      log(`error on ${req.method} ${pathname}: ${err.stack ?? err}`);
      if (!res.headersSent) {
        sendJson(res, err.status ?? 500, { error: 'server_error', error_description: err.message });
      } else {
        res.destroy();
      }
    }
  });

  let stopping = false;
  const stop = (why) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${why})`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  // Exit when the parent goes away: a harness holds our stdin pipe open, and
  // the kernel closes it when the harness dies, however it dies. A terminal
  // or /dev/null on stdin is left alone, so the server also runs by hand.
  let stdinKind;
  try {
    const stat = fs.fstatSync(0);
    stdinKind = stat.isFIFO() ? 'pipe' : stat.isSocket() ? 'socket' : 'other';
  } catch {
    stdinKind = 'closed';
  }
  if (stdinKind === 'pipe' || stdinKind === 'socket') {
    process.stdin.on('data', () => {});
    process.stdin.on('end', () => stop('stdin closed'));
    process.stdin.on('close', () => stop('stdin closed'));
    process.stdin.on('error', () => stop('stdin error'));
  }

  const ready = {
    issuer,
    port,
    discovery: `${issuer}/.well-known/openid-configuration`,
    jwks_uri: `${issuer}/jwks`,
    token_endpoint: `${issuer}/token`,
    authorization_endpoint: `${issuer}/auth`,
    alg: config.alg,
    kid: keys[0].kid,
    audience: config.audience,
    resource: config.resource,
    admin_secret: adminSecret,
    admin_rotate: `${issuer}/admin/rotate`,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  log(`ready: issuer ${issuer}, alg ${config.alg}, ${config.clients.length} clients, ${config.users.length} users`);
  return undefined;
}

try {
  const code = await main();
  if (code !== undefined) process.exit(code);
} catch (err) {
  process.stderr.write(`idp: ${err.stack ?? err}\n`);
  process.exit(1);
}
