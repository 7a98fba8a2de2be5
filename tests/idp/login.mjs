#!/usr/bin/env node
// Signs a user in through the authorization code flow with PKCE, exactly as a
// browser would: GET the authorization endpoint, follow redirects with a
// cookie jar, fill in and submit the provider's login form, submit the
// consent form, take the code from the redirect to the client's redirect
// URI, and exchange it at the token endpoint. Prints the requested token.
//
//   node tests/idp/login.mjs --issuer http://127.0.0.1:PORT --client-id weka-cli \
//     --username alice --password alice-pw [--token id|access|json]
//
// Exit status: 0 with the token on stdout; 1 when the provider refused
// (wrong password, access denied, ...), with the reason on stderr; 2 on a
// usage error.

import * as crypto from 'node:crypto';
import { parseArgs } from 'node:util';

const USAGE = `usage: node login.mjs --issuer URL --client-id ID --username NAME --password PW
       [--client-secret SECRET] [--redirect-uri URI] [--scope "openid profile email"]
       [--resource URI] [--token id|access|json]
The password may come from the IDP_PASSWORD environment variable instead.
--redirect-uri defaults to http://127.0.0.1/callback. --token defaults to id;
json prints the whole token response.`;

class Refused extends Error {}

function usageError(message) {
  process.stderr.write(`login: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function base64url(buffer) {
  return Buffer.from(buffer).toString('base64url');
}

function decodeHtml(value) {
  return value
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attributes(tag) {
  const attrs = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    attrs[m[1].toLowerCase()] = decodeHtml(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

// The forms of a page with their inputs, as a browser sees them.
function parseForms(html) {
  const forms = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(m[1]);
    const inputs = [];
    for (const input of m[2].matchAll(/<input\b([^>]*)>/gi)) {
      const a = attributes(input[1]);
      inputs.push({ name: a.name, type: (a.type ?? 'text').toLowerCase(), value: a.value ?? '' });
    }
    forms.push({
      id: attrs.id,
      action: attrs.action,
      method: (attrs.method ?? 'get').toLowerCase(),
      inputs,
    });
  }
  return forms;
}

function pageErrors(html) {
  const found = [];
  for (const m of html.matchAll(/<p\b[^>]*class="error"[^>]*>([\s\S]*?)<\/p>/gi)) {
    found.push(decodeHtml(m[1].replace(/<[^>]*>/g, '')).trim());
  }
  return found;
}

class CookieJar {
  #cookies = new Map();

  store(requestUrl, setCookieHeaders) {
    for (const header of setCookieHeaders) {
      const [pair, ...attrParts] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path;
      let expired = false;
      for (const part of attrParts) {
        const [k, ...v] = part.split('=');
        const key = k.trim().toLowerCase();
        const val = v.join('=').trim();
        if (key === 'path' && val.startsWith('/')) path = val;
        if (key === 'max-age' && Number(val) <= 0) expired = true;
        if (key === 'expires' && Date.parse(val) <= Date.now()) expired = true;
      }
      if (path === undefined) {
        // RFC 6265 5.1.4: the default path is the request path up to its last slash.
        const p = requestUrl.pathname;
        path = p.lastIndexOf('/') > 0 ? p.slice(0, p.lastIndexOf('/')) : '/';
      }
      const key = `${name};${path}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  header(url) {
    const p = url.pathname;
    const matching = [...this.#cookies.values()].filter(({ path }) => p === path
      || (p.startsWith(path) && (path.endsWith('/') || p[path.length] === '/')));
    // Longer paths first, as browsers send them.
    matching.sort((a, b) => b.path.length - a.path.length);
    return matching.map(({ name, value }) => `${name}=${value}`).join('; ');
  }
}

function matchesRedirectUri(location, redirectUri) {
  const a = new URL(location);
  const b = new URL(redirectUri);
  return a.protocol === b.protocol && a.hostname === b.hostname && a.pathname === b.pathname
    && (a.port === b.port || ['127.0.0.1', 'localhost', '[::1]'].includes(b.hostname));
}

async function main() {
  let args;
  try {
    ({ values: args } = parseArgs({
      options: {
        issuer: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'redirect-uri': { type: 'string', default: 'http://127.0.0.1/callback' },
        username: { type: 'string' },
        password: { type: 'string' },
        scope: { type: 'string', default: 'openid profile email' },
        resource: { type: 'string' },
        token: { type: 'string', default: 'id' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    usageError(err.message);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const password = args.password ?? process.env.IDP_PASSWORD;
  for (const [name, value] of [['--issuer', args.issuer], ['--client-id', args['client-id']],
    ['--username', args.username], ['--password', password]]) {
    if (!value) usageError(`${name} is required`);
  }
  if (!['id', 'access', 'json'].includes(args.token)) usageError('--token must be id, access or json');

  const issuer = args.issuer.replace(/\/+$/, '');
  const redirectUri = args['redirect-uri'];
  const clientId = args['client-id'];
  const clientSecret = args['client-secret'];

  const discoveryUrl = `${issuer}/.well-known/openid-configuration`;
  const discoveryResponse = await fetch(discoveryUrl);
  if (!discoveryResponse.ok) {
    throw new Error(`discovery ${discoveryUrl} answered HTTP ${discoveryResponse.status}`);
  }
  const discovery = await discoveryResponse.json();
  if (discovery.issuer !== issuer) {
    throw new Error(`discovery issuer ${discovery.issuer} differs from --issuer ${issuer}`);
  }

  const verifier = base64url(crypto.randomBytes(32));
  const challenge = base64url(crypto.createHash('sha256').update(verifier).digest());
  const state = base64url(crypto.randomBytes(16));
  const nonce = base64url(crypto.randomBytes(16));

  const authUrl = new URL(discovery.authorization_endpoint);
  authUrl.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: args.scope,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(args.resource === undefined ? {} : { resource: args.resource }),
  }).toString();

  const jar = new CookieJar();
  let request = { url: authUrl, method: 'GET', body: undefined };
  let submittedLogin = false;
  let callback;

  for (let step = 0; step < 25 && callback === undefined; step += 1) {
    const headers = { accept: 'text/html', 'user-agent': 'weka-idp-login/1' };
    const cookie = jar.header(request.url);
    if (cookie) headers.cookie = cookie;
    if (request.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(request.url, {
      method: request.method, headers, body: request.body, redirect: 'manual',
    });
    jar.store(request.url, res.headers.getSetCookie());

    if (res.status >= 300 && res.status < 400) {
      await res.arrayBuffer();
      const location = res.headers.get('location');
      if (!location) throw new Error(`HTTP ${res.status} from ${request.url.pathname} without a Location`);
      const next = new URL(location, request.url);
      if (matchesRedirectUri(next.href, redirectUri)) {
        callback = next;
        break;
      }
      if (next.origin !== request.url.origin) {
        throw new Error(`redirected off the provider to ${next.origin}${next.pathname}, which is not the redirect URI ${redirectUri}`);
      }
      request = { url: next, method: 'GET', body: undefined };
      continue;
    }

    const html = await res.text();
    if (res.status !== 200) {
      const errs = pageErrors(html);
      throw new Refused(`${request.url.pathname} answered HTTP ${res.status}${errs.length ? `: ${errs.join('; ')}` : ''}`);
    }
    const forms = parseForms(html).filter((f) => f.method === 'post' && f.action && !/\/abort$/.test(f.action));
    const form = forms[0];
    if (form === undefined) {
      const errs = pageErrors(html);
      throw new Refused(`page ${request.url.pathname} has no form to submit${errs.length ? `: ${errs.join('; ')}` : ''}`);
    }
    const fields = new URLSearchParams();
    const hasPassword = form.inputs.some((i) => i.type === 'password');
    if (hasPassword && submittedLogin) {
      const errs = pageErrors(html);
      throw new Refused(`login rejected${errs.length ? `: ${errs.join('; ')}` : ''}`);
    }
    for (const input of form.inputs) {
      if (!input.name) continue;
      if (input.type === 'password') fields.append(input.name, password);
      else if (hasPassword && ['text', 'email'].includes(input.type)) fields.append(input.name, args.username);
      else if (!['submit', 'button', 'checkbox', 'radio'].includes(input.type)) fields.append(input.name, input.value);
    }
    if (hasPassword) submittedLogin = true;
    request = { url: new URL(form.action, request.url), method: 'POST', body: fields.toString() };
  }
  if (callback === undefined) throw new Error('too many steps before reaching the redirect URI');

  const params = callback.searchParams;
  if (params.get('state') !== state) throw new Error('the redirect carries a different state');
  if (params.has('iss') && params.get('iss') !== issuer) {
    throw new Error(`the redirect carries iss ${params.get('iss')}, expected ${issuer}`);
  }
  if (params.has('error')) {
    throw new Refused(`authorization failed: ${params.get('error')}${params.has('error_description') ? ` (${params.get('error_description')})` : ''}`);
  }
  const code = params.get('code');
  if (!code) throw new Error('the redirect carries neither code nor error');

  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
  if (args.resource !== undefined) body.set('resource', args.resource);
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (clientSecret === undefined) {
    body.set('client_id', clientId);
  } else {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
  }
  const tokenResponse = await fetch(discovery.token_endpoint, { method: 'POST', headers, body: body.toString() });
  const tokens = await tokenResponse.json();
  if (!tokenResponse.ok) {
    throw new Refused(`token endpoint: ${tokens.error}${tokens.error_description ? ` (${tokens.error_description})` : ''}`);
  }
  if (tokens.id_token) {
    const payload = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString('utf8'));
    if (payload.nonce !== nonce) throw new Error('the ID token carries a different nonce');
  }

  if (args.token === 'json') {
    process.stdout.write(`${JSON.stringify(tokens)}\n`);
  } else {
    const value = args.token === 'id' ? tokens.id_token : tokens.access_token;
    if (!value) throw new Error(`the token response has no ${args.token === 'id' ? 'id_token (is "openid" in --scope?)' : 'access_token'}`);
    process.stdout.write(`${value}\n`);
  }
}

try {
  await main();
} catch (err) {
  process.stderr.write(`login: ${err instanceof Refused ? err.message : (err.cause ? `${err.message}: ${err.cause.message ?? err.cause}` : err.message)}\n`);
  process.exit(1);
}
