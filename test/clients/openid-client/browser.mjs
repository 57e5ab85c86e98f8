// The person at the browser, played by fetch and a cookie jar: it follows the provider's
// redirects and fills the hosted pages' forms by their contract fields (API.md, "Hosted pages"):
// /signin posts email, password, csrf_token; /consent posts decision, csrf_token; /device posts
// user_code, csrf_token. Each page holds one form, csrf_token a hidden input. No HTML parser:
// the contract promises one form, so its inputs are read by pattern.

const MAX_STEPS = 12; // sign-in, consent and device pages with their redirects, and a margin

/** Cookies by name, for the provider's one origin (the __Host- cookies name no domain). */
class CookieJar {
  #cookies = new Map();

  /** Keep what a response sets; an expired or emptied cookie is dropped. */
  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const name = pair.slice(0, pair.indexOf("=")).trim();
      const value = pair.slice(pair.indexOf("=") + 1).trim();
      const gone = attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a));
      if (gone || value === "") this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  /** The Cookie header to send, or undefined when the jar is empty. */
  header() {
    if (this.#cookies.size === 0) return undefined;
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function unescapeHtml(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity) => {
    if (entity[0] !== "#") return ENTITIES[entity.toLowerCase()] ?? whole;
    const hex = entity[1] === "x" || entity[1] === "X";
    return String.fromCodePoint(parseInt(entity.slice(hex ? 2 : 1), hex ? 16 : 10));
  });
}

function attributes(tag) {
  const found = {};
  const pattern = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
  for (const [, name, double, single, bare] of tag.matchAll(pattern)) {
    found[name.toLowerCase()] = unescapeHtml(double ?? single ?? bare);
  }
  return found;
}

/** The page's one form: its action (absolute), method and input values by name; null if none. */
function readForm(html, pageUrl) {
  const forms = [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/gi)];
  if (forms.length === 0) return null;
  if (forms.length > 1) throw new Error(`${pageUrl} holds ${forms.length} forms, not one`);
  const [whole, inner] = forms[0];
  const form = attributes(whole.slice(0, whole.indexOf(">") + 1));
  const inputs = {};
  for (const [tag] of inner.matchAll(/<(?:input|button)\b[^>]*>/gi)) {
    const input = attributes(tag);
    if (input.name) inputs[input.name] = input.value ?? "";
  }
  return {
    action: new URL(form.action ?? "", pageUrl).href,
    method: (form.method ?? "get").toUpperCase(),
    inputs,
  };
}

// Each contract form, by the field that tells it apart: the page's name and the person's fields.
// A decision comes first: the device's consent form also carries its user_code, hidden.
const ANSWERS = {
  decision: (person) => ["consent", { decision: person.decision ?? "allow" }],
  password: (person) => ["signin", { email: person.email, password: person.password }],
  user_code: (person) => ["device", { user_code: person.userCode }],
};

/**
 * The person's answer to a contract form, with its csrf_token; null for any other form (a
 * "signed in" page's sign-out button, say), where the walk ends.
 */
function answer(form, person) {
  const field = Object.keys(ANSWERS).find((name) => name in form.inputs);
  if (field === undefined) return null;
  if (form.inputs.csrf_token === undefined) {
    throw new Error(`the form posting to ${form.action} has no csrf_token`);
  }
  const [page, fields] = ANSWERS[field](person);
  return { page, fields: { ...form.inputs, ...fields, csrf_token: form.inputs.csrf_token } };
}

function withoutQuery(url) {
  return url.origin + url.pathname;
}

/** A browser tab on the provider: one cookie jar, redirects followed by hand. */
export class Browser {
  constructor() {
    this.jar = new CookieJar();
    this.visited = []; // [method, path, status] of each request, for the report
    this.filled = []; // the contract pages answered, in order: signin, device, consent
  }

  async request(url, method = "GET", fields = undefined) {
    const headers = { accept: "text/html" };
    const cookie = this.jar.header();
    if (cookie) headers.cookie = cookie;
    let body;
    if (fields) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(fields).toString();
    }
    const response = await fetch(url, { method, headers, body, redirect: "manual" });
    this.jar.store(response);
    this.visited.push([method, new URL(url).pathname, response.status]);
    return response;
  }

  /**
   * Start at `url` and act as `person` on each page (sign in, enter the user code, decide) until
   * the provider redirects to `stopAt` (the client's redirect_uri, with any query), or shows a
   * page with no contract form. Returns {redirect} or {page: {url, status, html}}.
   */
  async walk(url, person, stopAt = undefined) {
    let [next, method, fields] = [url, "GET", undefined];
    for (let step = 0; step < MAX_STEPS; step++) {
      const response = await this.request(next, method, fields);
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        const target = new URL(location, next);
        if (stopAt && withoutQuery(target) === withoutQuery(new URL(stopAt))) {
          return { redirect: target.href };
        }
        [next, method, fields] = [target.href, "GET", undefined];
        continue;
      }
      const html = await response.text();
      if (!response.ok) throw new Error(`${response.status} at ${next}: ${html.slice(0, 300)}`);
      const form = readForm(html, next);
      const filled = form && answer(form, person);
      if (!filled) return { page: { url: next, status: response.status, html } };
      this.filled.push(filled.page);
      [next, method, fields] = [form.action, form.method, filled.fields];
    }
    throw new Error(`no end after ${MAX_STEPS} steps: ${JSON.stringify(this.visited)}`);
  }
}
