#!/usr/bin/env node
// Self-test of the test identity provider: starts server.mjs with sample
// configurations and checks discovery, JWKS, client credentials tokens, the
// browser-like login flow, short TTLs, key rotation, and shutdown.
//
//   node tests/idp/selftest.mjs        (exit status 0 only when every test passes)

import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import { once } from 'node:events';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER = path.join(here, 'server.mjs');
const LOGIN = path.join(here, 'login.mjs');
const TOKEN = path.join(here, 'token.mjs');

const SAMPLE = {
  clients: [
    { client_id: 'svc-backup', client_secret: 'backup-secret', roles: ['backup-rw', 's3admin'] },
    {
      client_id: 'svc-keycloak',
      client_secret: 'kc:secret/with+chars',
      roles: 'readonly',
      roles_claim: 'realm_access.roles',
      audience: 'other-audience',
      claims: { tenant: 'blue', realm_access: { other: 1 } },
    },
    { client_id: 'svc-dotted', client_secret: 'dotted-secret', roles: ['a'], roles_claim: ['https://weka.test/roles'] },
    { client_id: 'svc-noroles', client_secret: 'noroles-secret' },
    { client_id: 'svc-short', client_secret: 'short-secret', roles: ['s3admin'], access_token_ttl: 2 },
    { client_id: 'weka-cli', redirect_uris: ['http://127.0.0.1/callback'] },
    {
      client_id: 'webapp',
      client_secret: 'webapp-secret',
      redirect_uris: ['http://127.0.0.1:8080/oidc/callback'],
      roles_claim: 'weka_roles',
    },
  ],
  users: [
    {
      username: 'alice',
      password: 'alice-pw',
      email: 'alice@example.test',
      name: 'Alice Liddell',
      roles: ['s3admin', 'readonly'],
      claims: { department: 'storage' },
    },
    { username: 'bob', password: 'bob-pw', sub: 'u-0002', roles: 'readonly' },
    { username: 'carol', password: 'carol-pw' },
    { username: 'dave', password: 'dave-pw', roles: ['s3admin'], access_token_ttl: 2, id_token_ttl: 3 },
  ],
};

// ---------------------------------------------------------------- helpers --

function run(script, args, { stdin } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

async function startServer(config, extraArgs = []) {
  const child = spawn(process.execPath, [SERVER, '--config-json', JSON.stringify(config), ...extraArgs], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const server = { child, stdout: '', stderr: '' };
  child.stderr.on('data', (d) => { server.stderr += d; });
  const exited = once(child, 'exit');
  server.exited = exited;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 20 s; stderr:\n${server.stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      server.stdout += d;
      if (server.stdout.includes('\n') && server.ready === undefined) {
        clearTimeout(timer);
        server.ready = JSON.parse(server.stdout.slice(0, server.stdout.indexOf('\n')));
        resolve();
      }
    });
    exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before ready; stderr:\n${server.stderr}`));
    });
  });
  return server;
}

async function stopServer(server) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  await server.exited;
}

function decode(jwt) {
  const parts = jwt.split('.');
  assert.equal(parts.length, 3, 'a JWS in compact form has three parts');
  return {
    header: JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')),
    signingInput: Buffer.from(`${parts[0]}.${parts[1]}`),
    signature: Buffer.from(parts[2], 'base64url'),
  };
}

function verifyWith(jwk, alg, data, signature) {
  const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
  switch (alg) {
    case 'RS256': return crypto.verify('sha256', data, key, signature);
    case 'PS256': return crypto.verify('sha256', data, {
      key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32,
    }, signature);
    case 'ES256': return crypto.verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    case 'EdDSA': return crypto.verify(null, data, key, signature);
    default: throw new Error(`no verifier for ${alg}`);
  }
}

async function getJson(url, init) {
  const res = await fetch(url, init);
  const body = await res.json();
  return { status: res.status, body, headers: res.headers };
}

// Verifies a JWT against the published JWKS as a relying party would: the
// header's kid selects the key, the key's alg must be the header's alg.
async function verifyJwt(ready, jwt) {
  const token = decode(jwt);
  const { body: jwks } = await getJson(ready.jwks_uri);
  const jwk = jwks.keys.find((k) => k.kid === token.header.kid);
  assert.ok(jwk, `kid ${token.header.kid} is published in the JWKS`);
  assert.equal(jwk.alg, token.header.alg);
  assert.ok(verifyWith(jwk, token.header.alg, token.signingInput, token.signature), 'signature verifies');
  return token;
}

async function clientToken(ready, clientId, secret, extra = []) {
  const r = await run(TOKEN, ['--issuer', ready.issuer, '--client-id', clientId, '--client-secret', secret, ...extra]);
  return r;
}

async function login(ready, args) {
  return run(LOGIN, ['--issuer', ready.issuer, ...args]);
}

function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

// ----------------------------------------------------------------- suites --

for (const alg of ['RS256', 'ES256', 'EdDSA', 'PS256']) {
  const full = alg === 'RS256';
  describe(`idp with ${alg}${full ? ' (full)' : ''}`, () => {
    let server;
    let ready;

    before(async () => {
      server = await startServer({ ...SAMPLE, alg });
      ({ ready } = server);
    });
    after(async () => {
      await stopServer(server);
    });

    it('prints one ready line whose issuer is the discovery issuer', async () => {
      assert.match(ready.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(ready.issuer, `http://127.0.0.1:${ready.port}`);
      assert.equal(ready.discovery, `${ready.issuer}/.well-known/openid-configuration`);
      assert.equal(ready.alg, alg);
      assert.equal(typeof ready.admin_secret, 'string');
      const { status, body } = await getJson(ready.discovery);
      assert.equal(status, 200);
      assert.equal(body.issuer, ready.issuer);
      assert.equal(body.jwks_uri, ready.jwks_uri);
      assert.equal(body.token_endpoint, ready.token_endpoint);
      assert.equal(body.authorization_endpoint, ready.authorization_endpoint);
      assert.deepEqual(body.id_token_signing_alg_values_supported, [alg]);
      assert.ok(body.grant_types_supported.includes('client_credentials'));
      assert.ok(body.grant_types_supported.includes('authorization_code'));
    });

    it('publishes one public signing key in the JWKS', async () => {
      const { status, body } = await getJson(ready.jwks_uri);
      assert.equal(status, 200);
      assert.equal(body.keys.length, 1);
      const [key] = body.keys;
      assert.equal(key.kid, ready.kid);
      assert.equal(key.alg, alg);
      assert.equal(key.use, 'sig');
      assert.equal(key.d, undefined, 'no private key material');
    });

    it('issues an RFC 9068 JWT access token for client credentials', async () => {
      const r = await clientToken(ready, 'svc-backup', 'backup-secret');
      assert.equal(r.code, 0, r.stderr);
      const { header, payload } = await verifyJwt(ready, r.stdout.trim());
      assert.deepEqual(header, { alg, typ: 'at+jwt', kid: ready.kid });
      assert.equal(payload.iss, ready.issuer);
      assert.equal(payload.sub, 'svc-backup');
      assert.equal(payload.client_id, 'svc-backup');
      assert.equal(payload.aud, 'weka-s3');
      assert.deepEqual(payload.roles, ['backup-rw', 's3admin']);
      assert.equal(payload.exp - payload.iat, 300);
      assert.ok(Math.abs(payload.iat - nowSeconds()) < 30);
      assert.equal(typeof payload.jti, 'string');
    });

    it('signs ID and access tokens of a user login', async () => {
      const r = await login(ready, ['--client-id', 'weka-cli', '--username', 'alice', '--password', 'alice-pw', '--token', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const tokens = JSON.parse(r.stdout);
      const id = await verifyJwt(ready, tokens.id_token);
      assert.deepEqual(id.header, { alg, kid: ready.kid }, 'an ID token has no typ');
      assert.equal(id.payload.iss, ready.issuer);
      assert.equal(id.payload.aud, 'weka-cli');
      assert.equal(id.payload.sub, 'alice');
      assert.equal(id.payload.preferred_username, 'alice');
      assert.equal(id.payload.email, 'alice@example.test');
      assert.equal(id.payload.email_verified, true);
      assert.equal(id.payload.name, 'Alice Liddell');
      assert.equal(id.payload.department, 'storage');
      assert.deepEqual(id.payload.roles, ['s3admin', 'readonly']);
      assert.equal(typeof id.payload.nonce, 'string');
      assert.equal(id.payload.exp - id.payload.iat, 300);

      const at = await verifyJwt(ready, tokens.access_token);
      assert.deepEqual(at.header, { alg, typ: 'at+jwt', kid: ready.kid });
      assert.equal(at.payload.iss, ready.issuer);
      assert.equal(at.payload.aud, 'weka-s3');
      assert.equal(at.payload.sub, 'alice');
      assert.equal(at.payload.client_id, 'weka-cli');
      assert.equal(at.payload.preferred_username, 'alice');
      assert.equal(at.payload.email, 'alice@example.test');
      assert.deepEqual(at.payload.roles, ['s3admin', 'readonly']);
    });

    it('rotates the signing key and keeps the old one published', async () => {
      const before = (await clientToken(ready, 'svc-backup', 'backup-secret')).stdout.trim();
      assert.equal(decode(before).header.kid, ready.kid);

      const denied = await fetch(ready.admin_rotate, { method: 'POST' });
      assert.equal(denied.status, 401);
      const wrong = await fetch(ready.admin_rotate, { method: 'POST', headers: { authorization: 'Bearer nope' } });
      assert.equal(wrong.status, 401);

      const auth = { authorization: `Bearer ${ready.admin_secret}` };
      const { status, body: rotated } = await getJson(ready.admin_rotate, { method: 'POST', headers: auth });
      assert.equal(status, 200);
      assert.notEqual(rotated.kid, ready.kid);
      assert.equal(rotated.alg, alg);
      assert.deepEqual(rotated.kids, [rotated.kid, ready.kid]);

      const { body: jwks } = await getJson(ready.jwks_uri);
      assert.deepEqual(jwks.keys.map((k) => k.kid), [rotated.kid, ready.kid]);
      const { body: keys } = await getJson(`${ready.issuer}/admin/keys`, { headers: auth });
      assert.deepEqual(keys, { kid: rotated.kid, alg, kids: [rotated.kid, ready.kid] });

      // Tokens from before still verify; new ones carry the new kid.
      await verifyJwt(ready, before);
      const afterCc = await verifyJwt(ready, (await clientToken(ready, 'svc-backup', 'backup-secret')).stdout.trim());
      assert.equal(afterCc.header.kid, rotated.kid);
      const r = await login(ready, ['--client-id', 'weka-cli', '--username', 'alice', '--password', 'alice-pw', '--token', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const tokens = JSON.parse(r.stdout);
      assert.equal((await verifyJwt(ready, tokens.id_token)).header.kid, rotated.kid);
      assert.equal((await verifyJwt(ready, tokens.access_token)).header.kid, rotated.kid);

      // drop_old leaves only the newest key: older tokens no longer verify.
      const { body: dropped } = await getJson(ready.admin_rotate, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ drop_old: true }),
      });
      assert.deepEqual(dropped.kids, [dropped.kid]);
      const { body: jwks2 } = await getJson(ready.jwks_uri);
      assert.deepEqual(jwks2.keys.map((k) => k.kid), [dropped.kid]);
      await assert.rejects(verifyJwt(ready, before), /is published in the JWKS/);
      const latest = await verifyJwt(ready, (await clientToken(ready, 'svc-backup', 'backup-secret')).stdout.trim());
      assert.equal(latest.header.kid, dropped.kid);
    });

    if (!full) return;

    it('detects a tampered token (the verifier can fail)', async () => {
      const jwt = (await clientToken(ready, 'svc-backup', 'backup-secret')).stdout.trim();
      const [h, p, s] = jwt.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
      claims.roles = ['everything'];
      const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
      await assert.rejects(verifyJwt(ready, forged), /signature verifies/);
    });

    it('puts a single-string role under a nested claim, with a per-client audience and extra claims', async () => {
      const r = await clientToken(ready, 'svc-keycloak', 'kc:secret/with+chars');
      assert.equal(r.code, 0, r.stderr);
      const { payload } = await verifyJwt(ready, r.stdout.trim());
      assert.deepEqual(payload.realm_access, { other: 1, roles: 'readonly' });
      assert.equal(payload.roles, undefined);
      assert.equal(payload.aud, 'other-audience');
      assert.equal(payload.tenant, 'blue');
    });

    it('takes a roles claim name with dots literally when given as an array', async () => {
      const r = await clientToken(ready, 'svc-dotted', 'dotted-secret');
      assert.equal(r.code, 0, r.stderr);
      const { payload } = await verifyJwt(ready, r.stdout.trim());
      assert.deepEqual(payload['https://weka.test/roles'], ['a']);
    });

    it('omits the roles claim for a client without roles', async () => {
      const r = await clientToken(ready, 'svc-noroles', 'noroles-secret');
      assert.equal(r.code, 0, r.stderr);
      const { payload } = await verifyJwt(ready, r.stdout.trim());
      assert.equal(payload.roles, undefined);
      assert.equal(payload.sub, 'svc-noroles');
    });

    it('refuses a wrong client secret, an unknown client and an unknown resource', async () => {
      const bad = await clientToken(ready, 'svc-backup', 'wrong');
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /invalid_client/);
      assert.equal(bad.stdout, '');
      const unknown = await clientToken(ready, 'nobody', 'x');
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /invalid_client/);
      const target = await clientToken(ready, 'svc-backup', 'backup-secret', ['--resource', 'https://elsewhere.test/']);
      assert.equal(target.code, 1);
      assert.match(target.stderr, /invalid_target/);
      const ok = await clientToken(ready, 'svc-backup', 'backup-secret', ['--resource', ready.resource]);
      assert.equal(ok.code, 0, ok.stderr);
    });

    it('does not let a login-only client use client credentials', async () => {
      const res = await fetch(ready.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=weka-cli',
      });
      assert.equal(res.status, 400);
      const body = await res.json();
      assert.equal(body.error, 'invalid_request');
      assert.match(body.error_description, /grant type is not allowed/);
    });

    it('issues a token with the short TTL of its client', async () => {
      const r = await clientToken(ready, 'svc-short', 'short-secret', ['--json']);
      assert.equal(r.code, 0, r.stderr);
      const response = JSON.parse(r.stdout);
      assert.equal(response.expires_in, 2);
      const { payload } = await verifyJwt(ready, response.access_token);
      assert.equal(payload.exp - payload.iat, 2);
      assert.ok(payload.exp > nowSeconds() - 1);
      // Once expired, a new request gets a new token with a later expiry.
      await new Promise((resolve) => { setTimeout(resolve, (payload.exp + 1) * 1000 - Date.now()); });
      assert.ok(nowSeconds() > payload.exp);
      const again = decode((await clientToken(ready, 'svc-short', 'short-secret')).stdout.trim());
      assert.ok(again.payload.exp > payload.exp);
      assert.equal(again.payload.exp - again.payload.iat, 2);
    });

    it('issues user tokens with the short TTLs of the user', async () => {
      const r = await login(ready, ['--client-id', 'weka-cli', '--username', 'dave', '--password', 'dave-pw', '--token', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const tokens = JSON.parse(r.stdout);
      assert.equal(tokens.expires_in, 2);
      const id = await verifyJwt(ready, tokens.id_token);
      assert.equal(id.payload.exp - id.payload.iat, 3);
      const at = await verifyJwt(ready, tokens.access_token);
      assert.equal(at.payload.exp - at.payload.iat, 2);
    });

    it('gives a user with a string role and a custom subject its claims', async () => {
      const r = await login(ready, ['--client-id', 'weka-cli', '--username', 'bob', '--password', 'bob-pw', '--token', 'id']);
      assert.equal(r.code, 0, r.stderr);
      const { payload } = await verifyJwt(ready, r.stdout.trim());
      assert.equal(payload.sub, 'u-0002');
      assert.equal(payload.preferred_username, 'bob');
      assert.equal(payload.roles, 'readonly');
      assert.equal(payload.email, undefined);
    });

    it('omits roles for a user without roles', async () => {
      const r = await login(ready, ['--client-id', 'weka-cli', '--username', 'carol', '--password', 'carol-pw', '--token', 'access']);
      assert.equal(r.code, 0, r.stderr);
      const { payload } = await verifyJwt(ready, r.stdout.trim());
      assert.equal(payload.sub, 'carol');
      assert.equal(payload.roles, undefined);
    });

    it('logs in through a confidential client with its own roles claim name', async () => {
      const r = await login(ready, [
        '--client-id', 'webapp', '--client-secret', 'webapp-secret',
        '--redirect-uri', 'http://127.0.0.1:8080/oidc/callback',
        '--username', 'alice', '--password', 'alice-pw', '--token', 'json',
      ]);
      assert.equal(r.code, 0, r.stderr);
      const tokens = JSON.parse(r.stdout);
      const id = await verifyJwt(ready, tokens.id_token);
      assert.equal(id.payload.aud, 'webapp');
      assert.deepEqual(id.payload.weka_roles, ['s3admin', 'readonly']);
      assert.equal(id.payload.roles, undefined);
      const at = await verifyJwt(ready, tokens.access_token);
      assert.deepEqual(at.payload.weka_roles, ['s3admin', 'readonly']);
    });

    it('accepts any loopback port for a native client redirect URI (RFC 8252)', async () => {
      const r = await login(ready, [
        '--client-id', 'weka-cli', '--redirect-uri', 'http://127.0.0.1:49152/callback',
        '--username', 'alice', '--password', 'alice-pw',
      ]);
      assert.equal(r.code, 0, r.stderr);
    });

    it('refuses a wrong password, an unknown user and an unregistered redirect URI', async () => {
      const wrong = await login(ready, ['--client-id', 'weka-cli', '--username', 'alice', '--password', 'nope']);
      assert.equal(wrong.code, 1);
      assert.match(wrong.stderr, /Invalid username or password/);
      assert.equal(wrong.stdout, '');
      const nobody = await login(ready, ['--client-id', 'weka-cli', '--username', 'mallory', '--password', 'x']);
      assert.equal(nobody.code, 1);
      assert.match(nobody.stderr, /Invalid username or password/);
      const redirect = await login(ready, [
        '--client-id', 'webapp', '--client-secret', 'webapp-secret', '--redirect-uri', 'http://127.0.0.1:9999/evil',
        '--username', 'alice', '--password', 'alice-pw',
      ]);
      assert.equal(redirect.code, 1);
      assert.match(redirect.stderr, /redirect_uri/);
    });

    it('refuses an authorization request without PKCE', async () => {
      const url = new URL(ready.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code', client_id: 'webapp', redirect_uri: 'http://127.0.0.1:8080/oidc/callback', scope: 'openid',
      }).toString();
      const res = await fetch(url, { redirect: 'manual' });
      assert.equal(res.status, 303);
      const location = new URL(res.headers.get('location'));
      assert.equal(location.searchParams.get('error'), 'invalid_request');
      assert.match(location.searchParams.get('error_description'), /PKCE/);
    });

    it('writes nothing to stdout but the ready line', () => {
      assert.equal(server.stdout, `${JSON.stringify(ready)}\n`);
    });
  });
}

describe('idp process lifecycle', () => {
  it('exits 0 on SIGTERM', async () => {
    const server = await startServer({ clients: [{ client_id: 'a', client_secret: 'b' }] });
    server.child.kill('SIGTERM');
    const [code] = await server.exited;
    assert.equal(code, 0);
  });

  it('exits 0 on SIGINT', async () => {
    const server = await startServer({ clients: [{ client_id: 'a', client_secret: 'b' }] });
    server.child.kill('SIGINT');
    const [code] = await server.exited;
    assert.equal(code, 0);
  });

  it('exits when its stdin closes', async () => {
    const server = await startServer({ clients: [{ client_id: 'a', client_secret: 'b' }] });
    server.child.stdin.end();
    const [code] = await server.exited;
    assert.equal(code, 0);
    assert.match(server.stderr, /stdin closed/);
  });

  it('listens on a configured fixed port', async () => {
    const probe = await startServer({ clients: [{ client_id: 'a', client_secret: 'b' }] });
    const { port } = probe.ready;
    await stopServer(probe);
    const server = await startServer({ port, clients: [{ client_id: 'a', client_secret: 'b' }] });
    try {
      assert.equal(server.ready.port, port);
      assert.equal(server.ready.issuer, `http://127.0.0.1:${port}`);
    } finally {
      await stopServer(server);
    }
  });

  for (const [name, config, message] of [
    ['an unknown field', { client: [] }, /\(top level\)\.client: unknown field/],
    ['an unsupported alg', { alg: 'HS256' }, /alg: "HS256" is not supported/],
    ['a client without secret or redirect URIs', { clients: [{ client_id: 'x' }] }, /needs a client_secret/],
    ['roles that are not strings', { clients: [{ client_id: 'x', client_secret: 'y', roles: [1] }] }, /roles: must be a string/],
    ['a reserved extra claim', { clients: [{ client_id: 'x', client_secret: 'y', claims: { aud: 'z' } }] }, /claims\.aud: is a registered JWT claim/],
    ['a zero TTL', { access_token_ttl: 0 }, /access_token_ttl: must be a positive whole number/],
    ['a duplicate user', { users: [{ username: 'u', password: 'p' }, { username: 'u', password: 'q' }] }, /listed twice/],
    ['roles nested in a scalar claim', {
      clients: [{ client_id: 'x', client_secret: 'y', roles_claim: 'a.b', claims: { a: 1 } }],
    }, /already set to a non-object/],
  ]) {
    it(`refuses a config with ${name}`, async () => {
      const r = await run(SERVER, ['--config-json', JSON.stringify(config)]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    });
  }

  it('refuses a missing config file with its path', async () => {
    const r = await run(SERVER, ['--config', '/nonexistent/idp.json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read config file \/nonexistent\/idp\.json/);
  });
});
