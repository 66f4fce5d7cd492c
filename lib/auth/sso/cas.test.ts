import { describe, expect, it, vi } from "vitest";
import { casLoginUrl, casValidateUrl, parseCasResponse, validateCasTicket } from "./cas";
import type { CasConfig } from "./config";

const CAS: CasConfig = { baseUrl: "https://oa.example.gov/cas", serviceBase: "https://dc.example.gov", version: "3.0", userAttribute: null, label: "OA" };
const SERVICE = "https://dc.example.gov/sso/cas?next=%2Ftasks";

const success = (inner: string) => `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess>${inner}</cas:authenticationSuccess></cas:serviceResponse>`;

describe("CAS protocol", () => {
  it("builds the login and validation addresses with the service encoded", () => {
    expect(casLoginUrl(CAS, SERVICE)).toBe("https://oa.example.gov/cas/login?service=https%3A%2F%2Fdc.example.gov%2Fsso%2Fcas%3Fnext%3D%252Ftasks");
    expect(casValidateUrl(CAS, SERVICE, "ST-1")).toMatch(/^https:\/\/oa\.example\.gov\/cas\/p3\/serviceValidate\?service=https%3A.*&ticket=ST-1$/);
    expect(casValidateUrl({ ...CAS, version: "2.0" }, SERVICE, "ST-1")).toMatch(/\/cas\/serviceValidate\?/);
  });

  it("reads the user of a successful validation, or the configured attribute", () => {
    const xml = success("<cas:user>zhangsan</cas:user><cas:attributes><cas:employeeNo>E1001</cas:employeeNo></cas:attributes>");
    expect(parseCasResponse(xml, null)).toEqual({ ok: true, user: "zhangsan" });
    expect(parseCasResponse(xml, "employeeNo")).toEqual({ ok: true, user: "E1001" });
    expect(parseCasResponse(xml, "mail")).toEqual({ ok: false, code: "MISSING_ATTRIBUTE" });
  });

  it("reads a failure's code, and refuses answers it cannot read", () => {
    const failure = `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationFailure code="INVALID_TICKET">Ticket ST-1 not recognized</cas:authenticationFailure></cas:serviceResponse>`;
    expect(parseCasResponse(failure, null)).toEqual({ ok: false, code: "INVALID_TICKET" });
    expect(parseCasResponse("<html>OA 维护中</html>", null)).toEqual({ ok: false, code: "INVALID_RESPONSE" });
    expect(parseCasResponse("not xml <<<", null)).toMatchObject({ ok: false });
    expect(parseCasResponse(success("<cas:user></cas:user>"), null)).toEqual({ ok: false, code: "INVALID_RESPONSE" });
  });

  it("does not ask the OA about something that is not a service ticket, and treats an unreachable OA as a refusal", async () => {
    const fetchImpl = vi.fn<typeof fetch>();
    expect(await validateCasTicket(CAS, SERVICE, "TGT-123", fetchImpl)).toEqual({ ok: false, code: "INVALID_TICKET" });
    expect(fetchImpl).not.toHaveBeenCalled();
    fetchImpl.mockRejectedValueOnce(new Error("ECONNREFUSED"));
    expect(await validateCasTicket(CAS, SERVICE, "ST-42", fetchImpl)).toEqual({ ok: false, code: "OA_UNAVAILABLE" });
    fetchImpl.mockResolvedValueOnce(new Response(success("<cas:user>lisi</cas:user>")));
    expect(await validateCasTicket(CAS, SERVICE, "ST-42", fetchImpl)).toEqual({ ok: true, user: "lisi" });
    expect(String(fetchImpl.mock.calls.at(-1)![0])).toContain("ticket=ST-42");
  });
});
