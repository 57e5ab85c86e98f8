// panva's openid-client as a relying party of the API's identity provider: `node rp.mjs FLOW`
// runs one flow and prints ONE JSON object on stdout, what it observed (exit 0) or
// {"error": ...} (exit 1). test/support/relying_party.py runs it for the tests in test/idp/.
//
// Settings come from the environment:
//   ISSUER          the provider's issuer, PUBLIC_URL (discovery is ISSUER/.well-known/...)
//   CLIENT_ID       a registered client; CLIENT_SECRET for a confidential one (else a public one)
//   CLIENT_AUTH     basic (client_secret_basic, the default) or post (client_secret_post)
//   SCOPE           what to ask for (each flow has its default)
//   RESOURCE_URL    an API route the token is for (default ISSUER/api/v1/widgets)
//   REDIRECT_URI    the client's registered redirect URI (authorization_code)
//   USER_EMAIL, USER_PASSWORD   whom the script signs in as on the hosted pages
//   DECISION        what the person answers on /consent: allow (the default) or deny
//   PROMPT          the authorization request's prompt, if any (none, login, consent)
// Trust comes from NODE_EXTRA_CA_CERTS alone: certificate checks stay on, and openid-client
// keeps refusing plain http (no allowInsecureRequests).

import * as client from "openid-client";
import { Browser } from "./browser.mjs";

const FLOWS = { discovery, client_credentials, authorization_code, device };

function setting(name) {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`set ${name}`);
  return value;
}

function clientAuthentication() {
  const secret = process.env.CLIENT_SECRET;
  if (!secret) return client.None();
  const method = process.env.CLIENT_AUTH ?? "basic";
  if (method === "basic") return client.ClientSecretBasic(secret);
  if (method === "post") return client.ClientSecretPost(secret);
  throw new Error(`CLIENT_AUTH: ${method} is neither basic nor post`);
}

/** openid-client's Configuration from the provider's discovery document. */
async function configure() {
  const issuer = new URL(setting("ISSUER"));
  return client.discovery(issuer, setting("CLIENT_ID"), undefined, clientAuthentication());
}

function resourceUrl() {
  return new URL(process.env.RESOURCE_URL ?? new URL("/api/v1/widgets", setting("ISSUER")));
}

/** GET the API route with the token: status and body, or the parsed challenge it answered. */
async function callApi(config, accessToken) {
  try {
    const response = await client.fetchProtectedResource(config, accessToken, resourceUrl(), "GET");
    return { status: response.status, body: await response.json() };
  } catch (error) {
    if (!(error instanceof client.WWWAuthenticateChallengeError)) throw error;
    return { status: error.status, challenges: error.cause };
  }
}

/** What a token response held, without the tokens themselves. */
function tokenReport(tokens) {
  return {
    token_type: tokens.token_type,
    scope: tokens.scope,
    expires_in: tokens.expiresIn(),
    has_access_token: typeof tokens.access_token === "string",
    has_refresh_token: typeof tokens.refresh_token === "string",
    has_id_token: typeof tokens.id_token === "string",
  };
}

/** The metadata openid-client accepted (it checks `issuer` against ISSUER itself). */
async function discovery() {
  const config = await configure();
  return { server: config.serverMetadata() };
}

/** A confidential client's own token: used, introspected, revoked, then refused. */
async function client_credentials() {
  const config = await configure();
  const scope = process.env.SCOPE ?? "widgets:read";
  const tokens = await client.clientCredentialsGrant(config, { scope });
  const token = tokens.access_token;
  const apiBefore = await callApi(config, token);
  const introspectedBefore = await client.tokenIntrospection(config, token);
  await client.tokenRevocation(config, token);
  const introspectedAfter = await client.tokenIntrospection(config, token);
  const apiAfter = await callApi(config, token);
  return {
    token: tokenReport(tokens),
    api_before: apiBefore,
    introspection_before: introspectedBefore,
    introspection_after: introspectedAfter,
    api_after: apiAfter,
  };
}

function person() {
  const decision = process.env.DECISION ?? "allow";
  return { email: setting("USER_EMAIL"), password: setting("USER_PASSWORD"), decision };
}

/**
 * The authorization code flow with PKCE S256, state and nonce: the script signs in and consents
 * on the hosted pages, stops at the redirect to REDIRECT_URI (never fetched), then redeems the
 * code (openid-client checks state, iss, the ID token and its nonce), reads userinfo and
 * refreshes once.
 */
async function authorization_code() {
  const config = await configure();
  const redirectUri = setting("REDIRECT_URI");
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: process.env.SCOPE ?? "openid email profile offline_access",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...(process.env.PROMPT ? { prompt: process.env.PROMPT } : {}),
  });
  const browser = new Browser();
  const { redirect } = await browser.walk(authorizationUrl.href, person(), redirectUri);
  if (!redirect) throw new Error(`no way back: ${JSON.stringify(browser.visited)}`);
  const tokens = await client.authorizationCodeGrant(config, new URL(redirect), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
  return {
    pages: browser.filled,
    visited: browser.visited,
    callback_parameters: Object.fromEntries(new URL(redirect).searchParams),
    token: tokenReport(tokens),
    id_token_claims: claims,
    userinfo,
    refreshed: tokenReport(refreshed),
    refresh_token_rotated: refreshed.refresh_token !== tokens.refresh_token,
    refreshed_id_token_claims: refreshed.claims() ?? null,
  };
}

/**
 * RFC 8628 as a TV would do it; the
 * script plays the person on the phone (sign in, enter the user code at /device, allow) before
 * openid-client polls, so the first poll, after the provider's interval, gets the token.
 */
async function device() {
  const config = await configure();
  const scope = process.env.SCOPE ?? "openid email";
  const started = await client.initiateDeviceAuthorization(config, { scope });
  const browser = new Browser();
  const phone = { ...person(), userCode: started.user_code };
  const { page } = await browser.walk(started.verification_uri, phone);
  // Approved already: a poll still pending after two intervals means the approval did not take.
  const signal = AbortSignal.timeout((started.interval ?? 5) * 2000 + 5000);
  const tokens = await client.pollDeviceAuthorizationGrant(config, started, undefined, { signal });
  return {
    device_authorization: { ...started, device_code: undefined },
    pages: browser.filled,
    visited: browser.visited,
    final_page_status: page.status,
    token: tokenReport(tokens),
    id_token_claims: tokens.claims() ?? null,
  };
}

/** An error as data: openid-client's code, the OAuth error and status, and the body it read. */
function describe(error) {
  let cause = error.cause;
  if (cause instanceof URLSearchParams) cause = Object.fromEntries(cause); // an error redirect's
  const plain = cause && !(cause instanceof Error) && !(cause instanceof Response);
  return {
    name: error.name,
    message: error.message,
    code: error.code,
    status: error.status,
    error: error.error,
    error_description: error.error_description,
    cause: plain ? cause : cause?.message,
  };
}

async function main() {
  const flow = FLOWS[process.argv[2]];
  if (!flow) throw new Error(`name a flow: ${Object.keys(FLOWS).join(", ")}`);
  process.stdout.write(`${JSON.stringify(await flow())}\n`);
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ error: describe(error) })}\n`);
  process.exitCode = 1;
});
