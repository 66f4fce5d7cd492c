// The intranet OA, as the e2e run sees it: a real OpenID Connect provider (the `oidc-provider` package) on
// OA_PORT and a small CAS 3.0 server on OA_PORT + 1, started by Playwright before the app (playwright.config.ts).
// The OA "knows" whoever types an account name into its login form; whether this system knows them is the
// app's business. Test-only: nothing here is part of the product.
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import Provider from "oidc-provider";

const port = Number(process.env.OA_PORT ?? 3300);
const appUrl = process.env.APP_URL ?? "http://127.0.0.1:3210";
const issuer = `http://127.0.0.1:${port}`;

const page = (title, body) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;max-width:26rem;margin:3rem auto"><h1>${title}</h1>${body}</body></html>`;
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const loginForm = (action, extra = "") =>
  `<form method="post" action="${escape(action)}">${extra}<label>OA 账号 <input name="login" required></label> <label>OA 密码 <input name="password" type="password" required></label> <button type="submit">登录 OA</button></form>`;

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

// ---- OpenID Connect ------------------------------------------------------------------------------------
const oidc = new Provider(issuer, {
  clients: [
    {
      client_id: "duchaduban",
      client_secret: "e2e-oidc-client-secret",
      redirect_uris: [`${appUrl}/api/auth/callback/oa`],
      post_logout_redirect_uris: [`${appUrl}/login`],
      response_types: ["code"],
      grant_types: ["authorization_code"],
    },
  ],
  claims: { openid: ["sub"], profile: ["name", "preferred_username"] },
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, preferred_username: id, name: `OA 用户 ${id}` }) }),
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ["e2e-oa-cookie-key-0123456789"] },
  pkce: { required: () => true },
});
oidc.proxy = false;
// Why the OA refused a token request, in the server log (Playwright shows it when a test fails).
oidc.on("grant.error", (_ctx, error) => console.error("[oa] grant.error", error.error_description, error.error_detail ?? ""));

async function interaction(req, res) {
  const details = await oidc.interactionDetails(req, res);
  if (req.method === "GET") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return res.end(page("OA 统一身份认证（测试）", loginForm(`/interaction/${details.uid}`)));
  }
  const form = await formBody(req);
  const accountId = form.get("login") ?? "";
  // A first-party client: the OA grants the requested scopes without a consent screen.
  const grant = new oidc.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await oidc.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

const oidcCallback = oidc.callback();
createServer((req, res) => {
  if (req.url?.startsWith("/interaction/")) {
    interaction(req, res).catch((error) => {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      res.end(String(error));
    });
    return;
  }
  oidcCallback(req, res);
}).listen(port, "127.0.0.1");

// ---- CAS 3.0 -------------------------------------------------------------------------------------------
/** ticket → { user, service }; a ticket validates once, for the service it was issued to. */
const tickets = new Map();
const xml = (inner) => `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">${inner}</cas:serviceResponse>`;

createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", `http://127.0.0.1:${port + 1}`);
  const service = url.searchParams.get("service") ?? "";
  if (url.pathname === "/cas/login" && req.method === "GET") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return res.end(page("OA 门户登录（CAS 测试）", loginForm(`/cas/login?service=${encodeURIComponent(service)}`)));
  }
  if (url.pathname === "/cas/login" && req.method === "POST") {
    const form = await formBody(req);
    const ticket = `ST-${randomBytes(12).toString("hex")}`;
    tickets.set(ticket, { user: form.get("login") ?? "", service });
    const back = new URL(service);
    back.searchParams.set("ticket", ticket);
    res.writeHead(302, { location: back.toString() });
    return res.end();
  }
  if (url.pathname === "/cas/p3/serviceValidate") {
    const ticket = url.searchParams.get("ticket") ?? "";
    const issued = tickets.get(ticket);
    tickets.delete(ticket);
    res.writeHead(200, { "content-type": "application/xml; charset=utf-8" });
    if (!issued || issued.service !== service) {
      return res.end(xml(`<cas:authenticationFailure code="INVALID_TICKET">Ticket ${escape(ticket)} not recognized</cas:authenticationFailure>`));
    }
    return res.end(xml(`<cas:authenticationSuccess><cas:user>${escape(issued.user)}</cas:user></cas:authenticationSuccess>`));
  }
  if (url.pathname === "/cas/logout") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return res.end(page("已退出 OA 门户", ""));
  }
  res.writeHead(404).end();
}).listen(port + 1, "127.0.0.1");

console.log(`OA stand-in: OpenID Connect ${issuer}, CAS http://127.0.0.1:${port + 1}/cas`);
