import { describe, expect, it } from "vitest";
import { parseSsoConfig } from "./config";

describe("parseSsoConfig", () => {
  it("has every method off when nothing is configured", () => {
    expect(parseSsoConfig({})).toEqual({ publicUrl: null, oidc: null, cas: null, link: null, oaLogoutUrl: null });
  });

  it("turns each method on from its own variables, with defaults for the optional ones", () => {
    const config = parseSsoConfig({
      OIDC_ISSUER: "https://oa.example.gov/oidc/",
      OIDC_CLIENT_ID: "duchaduban",
      OIDC_CLIENT_SECRET: "s3cret",
      CAS_BASE_URL: "https://oa.example.gov/cas",
      PUBLIC_URL: "https://dcdb.example.gov/",
      SSO_LINK_SECRET: "x".repeat(32),
    });
    expect(config.oidc).toMatchObject({ issuer: "https://oa.example.gov/oidc", usernameClaim: "preferred_username", scope: "openid profile" });
    expect(config.cas).toMatchObject({ baseUrl: "https://oa.example.gov/cas", serviceBase: "https://dcdb.example.gov", version: "3.0", userAttribute: null });
    expect(config.link).toEqual({ secret: "x".repeat(32), maxAgeSeconds: 120 });
  });

  it("refuses a method configured in part, naming what is missing", () => {
    expect(() => parseSsoConfig({ OIDC_ISSUER: "https://oa.example.gov" })).toThrow(/OIDC_CLIENT_ID、OIDC_CLIENT_SECRET/);
    expect(() => parseSsoConfig({ OIDC_ISSUER: "https://oa.example.gov", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" })).toThrow(/PUBLIC_URL/);
    expect(() => parseSsoConfig({ CAS_BASE_URL: "oa.example.gov/cas" })).toThrow(/CAS_BASE_URL/);
    expect(() => parseSsoConfig({ CAS_BASE_URL: "https://oa/cas" })).toThrow(/PUBLIC_URL/);
    expect(() => parseSsoConfig({ CAS_BASE_URL: "https://oa/cas", PUBLIC_URL: "https://dc", CAS_VERSION: "1.0" })).toThrow(/CAS_VERSION/);
    expect(() => parseSsoConfig({ SSO_LINK_SECRET: "short" })).toThrow(/32/);
    expect(() => parseSsoConfig({ SSO_LINK_SECRET: "x".repeat(32), SSO_LINK_MAX_AGE_SECONDS: "3600" })).toThrow(/SSO_LINK_MAX_AGE_SECONDS/);
  });
});
