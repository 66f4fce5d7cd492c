import { describe, expect, it } from "vitest";
import { previewTaskNo, settingsFieldErrors, settingsSchema } from "./settings";

const valid = {
  systemName: "渝中区督查督办系统",
  taskNoPattern: "渝中督〔{year}〕{seq}号",
  attachmentMaxMb: "50",
  attachmentTypes: "pdf, .DOCX  jpg，png",
  uploadQuotaMb: "500",
  sessionIdleMinutes: "30",
  loginMaxFailures: "5",
  loginLockMinutes: "15",
  passwordLogin: "all",
  maxSessionsPerUser: "3",
  passwordMaxAgeDays: "90",
  adminTotpRequired: "on",
  smsProvider: "log",
  smsGatewayUrl: "",
  smsSignature: "【渝中区督查室】",
  smsTimeoutSeconds: "10",
  smsQuietStart: "22:00",
  smsQuietEnd: "07:00",
  smsDailyCap: "20",
  scoreBase: "100",
};

function errors(patch: Record<string, unknown>) {
  const result = settingsSchema.safeParse({ ...valid, ...patch });
  return result.success ? {} : settingsFieldErrors(result.error);
}

describe("settingsSchema", () => {
  it("accepts form input and normalises numbers and the type list", () => {
    const parsed = settingsSchema.parse(valid);
    expect(parsed.attachmentMaxMb).toBe(50);
    expect(parsed.scoreBase).toBe(100);
    expect(parsed.attachmentTypes).toEqual(["pdf", "docx", "jpg", "png"]);
    expect(parsed.loginMaxFailures).toBe(5);
  });

  it("the task-number pattern must contain {seq} exactly once and {year}", () => {
    expect(errors({ taskNoPattern: "渝中督〔{year}〕号" }).taskNoPattern).toContain("必须包含 {seq}");
    expect(errors({ taskNoPattern: "{year}{seq}-{seq}" }).taskNoPattern).toBe("编号规则只能包含一个 {seq}");
    // The counter restarts each year: without {year} the numbers of 1 January collide with last year's.
    expect(errors({ taskNoPattern: "督{seq}号" }).taskNoPattern).toContain("必须包含 {year}");
    expect(errors({ taskNoPattern: "督〔{year}〕{seq:3}号" })).toEqual({});
    expect(errors({ taskNoPattern: "督{year}{month}{seq}" }).taskNoPattern).toContain("只支持");
    expect(errors({ taskNoPattern: "   " }).taskNoPattern).toBe("请填写督办编号规则");
  });

  it("checks the SMS settings", () => {
    expect(errors({})).toEqual({});
    expect(errors({ smsProvider: "carrier-pigeon" }).smsProvider).toBe("请选择短信发送方式");
    expect(errors({ smsGatewayUrl: "ftp://gw" }).smsGatewayUrl).toBe("短信网关地址应以 http:// 或 https:// 开头");
    expect(errors({ smsGatewayUrl: "http://10.0.0.8/sms" })).toEqual({});
    expect(errors({ smsQuietStart: "24:00" }).smsQuietStart).toContain("HH:MM");
    expect(errors({ smsDailyCap: "0" }).smsDailyCap).toBe("每人每日短信上限应在 1 到 1000 之间");
    expect(errors({ smsTimeoutSeconds: "61" }).smsTimeoutSeconds).toBe("短信网关超时应在 1 到 60 之间");
  });

  it("refuses unknown attachment types and an empty list", () => {
    expect(errors({ attachmentTypes: "pdf exe" }).attachmentTypes).toContain("不支持的文件类型：exe");
    expect(errors({ attachmentTypes: " , " }).attachmentTypes).toBe("请至少允许一种附件类型");
  });

  it("keeps numbers in sensible ranges with Chinese messages", () => {
    expect(errors({ attachmentMaxMb: "0" }).attachmentMaxMb).toBe("附件大小上限应在 1 到 1024 之间");
    expect(errors({ attachmentMaxMb: "abc" }).attachmentMaxMb).toBe("附件大小上限必须是数字");
    expect(errors({ sessionIdleMinutes: "2.5" }).sessionIdleMinutes).toBe("会话空闲超时必须是整数");
    expect(errors({ loginMaxFailures: "1" }).loginMaxFailures).toBe("连续登录失败锁定次数应在 3 到 20 之间");
    expect(errors({ loginLockMinutes: "99999" }).loginLockMinutes).toBe("锁定时长应在 1 到 1440 之间");
    expect(errors({ passwordLogin: "nobody" }).passwordLogin).toBe("请选择密码登录方式");
    expect(errors({ systemName: "" }).systemName).toBe("请填写系统名称");
  });
});

describe("previewTaskNo", () => {
  it("shows the next number under a valid pattern and nothing under an invalid one", () => {
    expect(previewTaskNo("渝中督〔{year}〕{seq}号", 2026, 13)).toBe("渝中督〔2026〕13号");
    expect(previewTaskNo("DB-{year}-{seq:4}", 2027, 7)).toBe("DB-2027-0007");
    expect(previewTaskNo("没有流水号", 2026, 1)).toBeNull();
  });
});

describe("绩效基础分", () => {
  it("is a whole number from 0 to 1000", () => {
    expect(errors({ scoreBase: "0" })).toEqual({});
    expect(errors({ scoreBase: "1000" })).toEqual({});
    expect(errors({ scoreBase: "-1" }).scoreBase).toBe("绩效基础分应在 0 到 1000 之间");
    expect(errors({ scoreBase: "99.5" }).scoreBase).toBe("绩效基础分必须是整数");
    expect(errors({ scoreBase: "abc" }).scoreBase).toBe("绩效基础分必须是数字");
  });
});
