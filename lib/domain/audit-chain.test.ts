import { describe, expect, it } from "vitest";
import { canonicalJson, canonicalRow, chainMessage, jsonbValue } from "./audit-chain";

describe("canonicalJson", () => {
  it("sorts object keys at every level, so the database's jsonb key order does not matter", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ long: 1, s: 2 })).toBe(canonicalJson({ s: 2, long: 1 }));
  });

  it("drops undefined members like JSON, keeps null, and writes undefined in arrays as null", () => {
    expect(canonicalJson({ a: undefined, b: null, c: [undefined, 1] })).toBe('{"b":null,"c":[null,1]}');
    expect(canonicalJson(undefined)).toBe("null");
  });

  it("writes numbers, strings and dates as JSON does; non-finite numbers as null", () => {
    expect(canonicalJson([1, 1.5, -0, 1e21, Number.NaN, Infinity])).toBe("[1,1.5,0,1e+21,null,null]");
    expect(canonicalJson('引号"与\\反斜杠\n')).toBe(JSON.stringify('引号"与\\反斜杠\n'));
    expect(canonicalJson(new Date(Date.UTC(2026, 11, 1)))).toBe('"2026-12-01T00:00:00.000Z"');
  });

  it("makes strings well-formed (the database stores a lone surrogate as U+FFFD)", () => {
    expect(canonicalJson("a\ud800b")).toBe(canonicalJson("a\ufffdb"));
    expect(canonicalJson({ "\udc00": 1 })).toBe(canonicalJson({ "\ufffd": 1 }));
  });
});

describe("jsonbValue", () => {
  it("is what a jsonb column gives back: dates as ISO text, undefined members gone, undefined as null", () => {
    expect(jsonbValue({ at: new Date(Date.UTC(2026, 0, 2)), gone: undefined, n: [1, undefined] })).toEqual({ at: "2026-01-02T00:00:00.000Z", n: [1, null] });
    expect(jsonbValue(undefined)).toBeNull();
    expect(canonicalJson(jsonbValue({ when: new Date(0) }))).toBe(canonicalJson({ when: "1970-01-01T00:00:00.000Z" }));
  });
});

describe("canonicalRow", () => {
  const row = {
    at: "1767225600123456",
    actorId: "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0",
    actorName: "张敏",
    action: "auth.login",
    success: true,
    targetType: undefined,
    targetId: "ABC",
    ip: null,
    userAgent: "UA",
    detail: { b: 2, a: 1 },
    chainPrevId: 41,
    chainKeyId: "00112233aabbccdd",
    id: 42,
    chainHmac: "ignored",
  };

  it("covers a fixed column list in a fixed order, names the table, and ignores id and the HMAC itself", () => {
    expect(canonicalRow("audit_logs", row)).toBe(
      '{"action":"auth.login","actorId":"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0","actorName":"张敏","at":"1767225600123456","chainKeyId":"00112233aabbccdd","chainPrevId":"41","detail":{"a":1,"b":2},"ip":null,"success":true,"table":"audit_logs","targetId":"ABC","targetType":null,"userAgent":"UA"}',
    );
    expect(canonicalRow("audit_logs", { ...row, id: 7, chainHmac: "x" })).toBe(canonicalRow("audit_logs", row));
  });

  it("changes with any covered value, including the link to the previous row and the time to the microsecond", () => {
    const base = canonicalRow("audit_logs", row);
    for (const change of [{ at: "1767225600123457" }, { chainPrevId: 40 }, { detail: { a: 1, b: 3 } }, { success: false }, { targetId: "abc" }, { chainKeyId: "ffff" }]) {
      expect(canonicalRow("audit_logs", { ...row, ...change })).not.toBe(base);
    }
    expect(canonicalRow("task_events", row)).not.toBe(base);
  });

  it("treats an absent value as null, and lower-cases only uuid columns", () => {
    expect(canonicalRow("audit_logs", { ...row, targetType: null })).toBe(canonicalRow("audit_logs", row));
    expect(canonicalRow("audit_logs", { ...row, actorId: row.actorId.toLowerCase() })).toBe(canonicalRow("audit_logs", row));
  });
});

describe("chainMessage", () => {
  it("puts the previous HMAC before the row; the first row has none", () => {
    expect(chainMessage(null, "{}")).toBe("\n{}");
    expect(chainMessage("ab", "{}")).toBe("ab\n{}");
  });
});
