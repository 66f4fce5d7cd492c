import { BlockList, isIP } from "node:net";

/**
 * Which hops in front of the app may be believed about the client's address (env TRUSTED_PROXIES):
 * - unset or empty: none. The address is the TCP peer of the app server itself.
 * - a number n: the n hops nearest the app are proxies (e.g. `1` behind one nginx).
 * - a comma list of addresses or CIDRs (`10.0.0.0/8, 192.168.1.5, fd00::/8`): hops from these are proxies.
 *
 * The app's own server (server.mjs, used by `npm start`) appends the TCP peer address to
 * X-Forwarded-For as every proxy does, so the header always ends with an address no client can forge.
 * Walking from that end, the first address not vouched for by a trusted proxy is the client: anything
 * further left was written by the client (or by proxies we do not know) and is ignored.
 */
export type TrustedProxies = { kind: "count"; hops: number } | { kind: "list"; list: BlockList };

export function parseTrustedProxies(raw: string | undefined): TrustedProxies {
  const value = (raw ?? "").trim();
  if (value === "") return { kind: "count", hops: 0 };
  if (/^\d+$/.test(value)) return { kind: "count", hops: Number(value) };
  const list = new BlockList();
  for (const entry of value.split(",").map((e) => e.trim()).filter(Boolean)) {
    const [address, prefix, ...rest] = entry.split("/");
    const family = isIP(address ?? "");
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (!family || rest.length > 0 || !/^\d+$/.test(prefix ?? "0") || bits > (family === 6 ? 128 : 32)) {
      throw new Error(`环境变量 TRUSTED_PROXIES 无法识别 "${entry}"：应为代理层数（如 1）或以逗号分隔的地址/网段（如 10.0.0.0/8, fd00::/8）`);
    }
    list.addSubnet(address!, bits, family === 6 ? "ipv6" : "ipv4");
  }
  return { kind: "list", list };
}

/** "::ffff:10.1.2.3" → "10.1.2.3"; "[2001:db8::1]:443" → "2001:db8::1"; "10.1.2.3:5000" → "10.1.2.3". */
export function normalizeAddress(raw: string): string {
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped ? mapped[1]! : address).toLowerCase();
}

function isTrusted(address: string, list: BlockList): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/** The rightmost address in an X-Forwarded-For chain that no trusted proxy accounts for. */
export function clientIpFrom(forwardedFor: string | null, trusted: TrustedProxies): string | null {
  const chain = (forwardedFor ?? "").split(",").map(normalizeAddress).filter(Boolean);
  if (chain.length === 0) return null;
  let index: number;
  if (trusted.kind === "count") {
    index = chain.length - 1 - trusted.hops;
  } else {
    index = chain.length - 1;
    while (index >= 0 && isTrusted(chain[index]!, trusted.list)) index--;
  }
  // Every hop trusted (fewer hops than configured, or a request from a proxy itself): the leftmost is the
  // best there is, and it was still written by a trusted hop.
  // Not an address at all: kept (cut short) rather than dropped, so it still counts against the throttle.
  return chain[Math.max(index, 0)]!.slice(0, 64);
}

let cached: { raw: string | undefined; parsed: TrustedProxies } | undefined;
function trustedProxies(): TrustedProxies {
  const raw = process.env.TRUSTED_PROXIES;
  if (!cached || cached.raw !== raw) cached = { raw, parsed: parseTrustedProxies(raw) };
  return cached.parsed;
}

/** The client address of this request (login throttle, audit log), per TRUSTED_PROXIES. */
export function clientIp(headers: Headers): string | null {
  return clientIpFrom(headers.get("x-forwarded-for"), trustedProxies());
}
