import { describe, expect, it } from "vitest";
import { contentDisposition } from "./content-disposition";

describe("contentDisposition", () => {
  it("carries a Chinese name in filename* and a readable ASCII fallback", () => {
    expect(contentDisposition("2026年度报告.docx")).toBe(
      "attachment; filename=\"2026_.docx\"; filename*=UTF-8''2026%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.docx",
    );
    expect(contentDisposition("督查通知.pdf")).toBe("attachment; filename=\"attachment.pdf\"; filename*=UTF-8''%E7%9D%A3%E6%9F%A5%E9%80%9A%E7%9F%A5.pdf");
  });

  it("cannot be broken out of by quotes, semicolons or newlines in the name", () => {
    const header = contentDisposition('a";b\r\nX-Evil: 1.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.split('"').length).toBe(3);
    expect(header).toContain("filename*=UTF-8''a%22%3Bb%0D%0AX-Evil%3A%201.pdf");
  });

  it("encodes the characters RFC 5987 reserves", () => {
    expect(contentDisposition("it's (1)*.txt")).toContain("filename*=UTF-8''it%27s%20%281%29%2A.txt");
  });
});
