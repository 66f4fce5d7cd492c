import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/domain/errors";
import { formInput, MALFORMED_REQUEST } from "./form-input";

describe("formInput", () => {
  it("keeps the first value of single fields and every string value of list fields", () => {
    const fd = new FormData();
    fd.append("title", "标题");
    fd.append("title", "second");
    fd.append("coUnitIds", "a");
    fd.append("coUnitIds", "b");
    fd.append("$ACTION_ID_abc", "");
    expect(formInput(fd, ["coUnitIds", "attachmentIds"])).toEqual({ title: "标题", coUnitIds: ["a", "b"], attachmentIds: [] });
  });

  it("drops files from list fields but keeps a single file field as the File", () => {
    const fd = new FormData();
    const file = new File(["x"], "users.xlsx");
    fd.append("file", file);
    fd.append("roleIds", file);
    fd.append("roleIds", "r1");
    const out = formInput(fd, ["roleIds"]);
    expect(out.file).toBeInstanceOf(File);
    expect(out.roleIds).toEqual(["r1"]);
  });

  it("answers anything that is not a form (a hand-made call to the action) with a validation message", () => {
    for (const junk of [null, undefined, "x", 42, {}, { get: () => "x" }, []]) {
      expect(() => formInput(junk as unknown as FormData)).toThrow(new DomainError("VALIDATION", MALFORMED_REQUEST));
    }
  });
});
