import { describe, expect, it } from "vitest";
import path from "node:path";
import { parseFileStoreConfig } from "./config";

const s3 = { FILE_STORE: "s3", S3_ENDPOINT: "http://minio.intranet:9000/", S3_BUCKET: "dcdb-files", S3_ACCESS_KEY_ID: "dcdb", S3_SECRET_ACCESS_KEY: "secret" };

describe("parseFileStoreConfig", () => {
  it("is the local folder unless FILE_STORE=s3", () => {
    expect(parseFileStoreConfig({})).toEqual({ kind: "local", dir: path.resolve("data", "files") });
    expect(parseFileStoreConfig({ FILE_STORE: "local", STORAGE_DIR: "/srv/files" })).toEqual({ kind: "local", dir: "/srv/files" });
  });

  it("reads the S3 settings with their defaults: us-east-1, path-style, no prefix, checksums only when required", () => {
    expect(parseFileStoreConfig(s3)).toEqual({
      kind: "s3",
      endpoint: "http://minio.intranet:9000",
      region: "us-east-1",
      bucket: "dcdb-files",
      accessKeyId: "dcdb",
      secretAccessKey: "secret",
      forcePathStyle: true,
      prefix: "",
      checksums: "when_required",
    });
    expect(parseFileStoreConfig({ ...s3, S3_REGION: "cn-north-1", S3_FORCE_PATH_STYLE: "false", S3_PREFIX: "/city/dcdb", S3_CHECKSUMS: "WHEN_SUPPORTED" })).toMatchObject({
      region: "cn-north-1",
      forcePathStyle: false,
      prefix: "city/dcdb/",
      checksums: "when_supported",
    });
  });

  it("names every missing variable in Chinese when FILE_STORE=s3 is set in part", () => {
    expect(() => parseFileStoreConfig({ FILE_STORE: "s3", S3_BUCKET: "dcdb-files" })).toThrow(
      "S3 文件存储配置不完整（FILE_STORE=s3）：缺少环境变量 S3_ENDPOINT、S3_ACCESS_KEY_ID、S3_SECRET_ACCESS_KEY",
    );
    expect(() => parseFileStoreConfig({ ...s3, S3_SECRET_ACCESS_KEY: "  " })).toThrow("缺少环境变量 S3_SECRET_ACCESS_KEY");
  });

  it.each([
    [{ FILE_STORE: "oss" }, "环境变量 FILE_STORE 只能是 local、s3 或 uploadthing"],
    [{ ...s3, S3_ENDPOINT: "minio 9000" }, "环境变量 S3_ENDPOINT 不是有效的网址"],
    [{ ...s3, S3_ENDPOINT: "ftp://minio" }, "环境变量 S3_ENDPOINT 应以 http:// 或 https:// 开头"],
    [{ ...s3, S3_BUCKET: "Dcdb_Files" }, "环境变量 S3_BUCKET 不是有效的存储桶名称"],
    [{ ...s3, S3_FORCE_PATH_STYLE: "sometimes" }, "环境变量 S3_FORCE_PATH_STYLE 只能是 true 或 false"],
    [{ ...s3, S3_PREFIX: "a b" }, "环境变量 S3_PREFIX 只能包含"],
    [{ ...s3, S3_CHECKSUMS: "always" }, "环境变量 S3_CHECKSUMS 只能是 when_required 或 when_supported"],
  ])("refuses a malformed setting with a Chinese message (%#)", (source, message) => {
    expect(() => parseFileStoreConfig(source)).toThrow(message);
  });
});
