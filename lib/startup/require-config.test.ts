import { afterEach, describe, expect, it, vi } from "vitest";
import { register } from "@/instrumentation";

// register() is what Next runs once per server process; a throw there would only be logged by Next and the
// server would go on serving, so a bad configuration must end the process itself.
describe("server start with a configuration that cannot work (instrumentation register)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("ends the process naming the missing variables when single sign-on is configured in part", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    // process.exit is replaced by a throw so that nothing after the check (the job runner) starts here.
    const exit = vi.spyOn(process, "exit").mockImplementation(() => {
      throw new Error("process.exit");
    });
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    vi.stubEnv("NEXT_PHASE", "");
    vi.stubEnv("OIDC_ISSUER", "https://oa.example.gov/oidc");
    vi.stubEnv("OIDC_CLIENT_ID", "");
    vi.stubEnv("OIDC_CLIENT_SECRET", "");
    await expect(register()).rejects.toThrow("process.exit");
    expect(exit).toHaveBeenCalledWith(1);
    expect(String(logged.mock.calls[0]![0])).toMatch(/^\[sso\] OpenID Connect 单点登录配置不完整：缺少环境变量 OIDC_CLIENT_ID、OIDC_CLIENT_SECRET。服务未启动。$/);
  });
});
