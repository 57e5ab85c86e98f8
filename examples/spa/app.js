// The example app's whole client side. Where each secret lives, and why:
// - the access token in a variable only: a reload loses it, and a refresh brings a new one;
// - the refresh token in the API's HttpOnly, SameSite=Strict cookie: no script can read it,
//   so every request that may use it says `credentials: "include"`;
// - the CSRF value, which is no credential by itself, in localStorage, so every tab has it.
// Tabs take turns to refresh (Web Locks): one refreshes, the others wait and then use the
// cookie it left. The API's grace window (REFRESH_REUSE_GRACE) covers a browser without locks.

// The API on this page's host, port 5000 (same site: the SameSite=Strict cookie goes along).
const API_URL = new URLSearchParams(location.search).get("api") || `${location.protocol}//${location.hostname}:5000`;
const API = API_URL + "/api/v1";
const COOKIE_MODE = { refresh_transport: "cookie" };
let accessToken = null;
let mfaToken = null;

function element(id) {
  return document.getElementById(id);
}

async function call(path, { method = "POST", body, headers = {} } = {}) {
  const response = await fetch(API + path, {
    method,
    credentials: "include",
    headers: body ? { "Content-Type": "application/json", ...headers } : headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = response.status === 204 ? {} : await response.json();
  return { ok: response.ok, status: response.status, answer };
}

function show(text, problem = "") {
  element("status").textContent = text;
  element("problem").textContent = problem;
  element("signed-in").hidden = accessToken === null;
  element("login").hidden = accessToken !== null || mfaToken !== null;
  element("second-step").hidden = mfaToken === null;
  element("other-ways").hidden = accessToken !== null;
}

// A sign-in answered: tokens, or the second step it still needs.
async function signedIn({ ok, answer }) {
  if (!ok && answer.error === "mfa_required") {
    mfaToken = answer.mfa_token;
    return show("signed out", answer.message);
  }
  if (!ok) {
    return show("signed out", answer.message);
  }
  accessToken = answer.access_token;
  mfaToken = null;
  localStorage.setItem("csrf", answer.csrf_token);
  await showUser();
}

async function showUser() {
  const { ok, answer } = await call("/auth/user", {
    method: "GET",
    headers: { Authorization: "Bearer " + accessToken },
  });
  if (!ok) {
    accessToken = null;
    return show("signed out");
  }
  show("signed in as " + answer.email);
}

// A new access token from the cookie, one tab at a time.
async function refresh() {
  return navigator.locks.request("flask-jwt-api-refresh", async () => {
    const csrf = localStorage.getItem("csrf");
    if (!csrf) return false;
    const { ok, answer } = await call("/auth/refresh", { headers: { "X-CSRF-Token": csrf } });
    if (!ok) return false;
    accessToken = answer.access_token;
    localStorage.setItem("csrf", answer.csrf_token);
    return true;
  });
}

element("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { email: form.get("email"), password: form.get("password"), ...COOKIE_MODE };
  await signedIn(await call("/auth/login", { body }));
});

element("second-step").addEventListener("submit", async (event) => {
  event.preventDefault();
  const code = new FormData(event.target).get("code").trim();
  await signedIn(await call("/auth/login/mfa", { body: { mfa_token: mfaToken, code, ...COOKIE_MODE } }));
});

element("passkey").addEventListener("click", async () => {
  const options = await call("/auth/passkeys/login/options");
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(options.answer);
  const credential = await navigator.credentials.get({ publicKey });
  await signedIn(await call("/auth/passkeys/login", { body: { credential: credential.toJSON(), ...COOKIE_MODE } }));
});

element("refresh").addEventListener("click", async () => {
  (await refresh()) ? await showUser() : show("signed out");
});

element("logout").addEventListener("click", async () => {
  const csrf = localStorage.getItem("csrf") || "";
  await call("/auth/logout", { headers: { Authorization: "Bearer " + accessToken, "X-CSRF-Token": csrf } });
  accessToken = null;
  localStorage.removeItem("csrf");
  show("signed out");
});

// Providers: each link comes back to this page (one of OIDC_RETURN_URLS) with #code=...
async function listProviders() {
  const { ok, answer } = await call("/auth/oidc/providers", { method: "GET" });
  const back = location.origin + location.pathname;
  for (const provider of ok ? answer.providers : []) {
    const link = document.createElement("a");
    link.href = provider.authorize_url + "?return_to=" + encodeURIComponent(back);
    link.textContent = "Sign in with " + provider.name;
    element("providers").append(link);
  }
}

async function start() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, "", location.pathname + location.search);  // codes leave the URL
  if (fragment.has("code")) {
    return signedIn(await call("/auth/oidc/exchange", { body: { code: fragment.get("code"), ...COOKIE_MODE } }));
  }
  if (fragment.has("error")) show("signed out", "The provider sign-in failed: " + fragment.get("error"));
  (await refresh()) ? await showUser() : show(element("status").textContent, element("problem").textContent);
  await listProviders();
}

start();
