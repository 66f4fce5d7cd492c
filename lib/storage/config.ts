import path from "node:path";
import { env } from "@/lib/env";
import { uploadThingOptionsFromEnv, type UploadThingStoreOptions } from "./uploadthing-file-store";

/**
 * Which file store this process uses, read from the environment in one place. FILE_STORE=s3 with a variable
 * missing or malformed stops the server at start (instrumentation.ts) with the variables named, rather than
 * failing every upload later.
 */
export type FileStoreConfig =
  | { kind: "local"; dir: string }
  | ({ kind: "s3" } & S3StoreConfig)
  // Optional, needs internet access; never chosen unless FILE_STORE says so (README "UploadThing（可选，需外网）").
  | ({ kind: "uploadthing" } & UploadThingStoreOptions);

export interface S3StoreConfig {
  /** e.g. http://minio.intranet:9000 or https://rgw.example.gov */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** bucket in the path (http://host/bucket/key), which MinIO and Ceph RGW need unless DNS has a wildcard per bucket. */
  forcePathStyle: boolean;
  /** "" or a folder-like prefix ending in "/", so one bucket can hold several installations. */
  prefix: string;
  /**
   * "when_required": the SDK adds CRC32 checksums only where the S3 API demands them (none of the calls made
   * here), which every S3-compatible server accepts; "when_supported" (the SDK's own default since 2025) sends
   * them on every upload, which older MinIO and Ceph RGW releases and the test stand-in refuse or mishandle.
   */
  checksums: "when_required" | "when_supported";
}

type Env = Record<string, string | undefined>;

const REQUIRED_S3 = ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const;

function value(source: Env, name: string): string | null {
  const raw = source[name]?.trim();
  return raw ? raw : null;
}

function flag(source: Env, name: string, fallback: boolean): boolean {
  const raw = value(source, name);
  if (raw === null) return fallback;
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  throw new Error(`环境变量 ${name} 只能是 true 或 false，当前为 "${raw}"`);
}

/** Attachment folder of the local store: STORAGE_DIR, or "files" inside DATA_DIR (./data/files by default). */
export function localStorageDir(source: Env = process.env): string {
  const configured = value(source, "STORAGE_DIR");
  return configured ? path.resolve(/* turbopackIgnore: true */ process.cwd(), configured) : path.join(env.dataDir, "files");
}

export function parseFileStoreConfig(source: Env): FileStoreConfig {
  const kind = (value(source, "FILE_STORE") ?? "local").toLowerCase();
  if (kind === "local") return { kind: "local", dir: localStorageDir(source) };
  if (kind === "uploadthing") return { kind: "uploadthing", ...uploadThingOptionsFromEnv(source) };
  if (kind !== "s3") throw new Error(`环境变量 FILE_STORE 只能是 local、s3 或 uploadthing，当前为 "${source.FILE_STORE}"`);

  const missing = REQUIRED_S3.filter((name) => value(source, name) === null);
  if (missing.length > 0) throw new Error(`S3 文件存储配置不完整（FILE_STORE=s3）：缺少环境变量 ${missing.join("、")}`);

  const endpoint = value(source, "S3_ENDPOINT")!;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`环境变量 S3_ENDPOINT 不是有效的网址："${endpoint}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`环境变量 S3_ENDPOINT 应以 http:// 或 https:// 开头："${endpoint}"`);

  const bucket = value(source, "S3_BUCKET")!;
  // The S3 bucket naming rules (3–63 lowercase letters, digits, dots, hyphens): anything else no server accepts.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new Error(`环境变量 S3_BUCKET 不是有效的存储桶名称（3–63 位小写字母、数字、点或连字符）："${bucket}"`);

  const rawPrefix = (value(source, "S3_PREFIX") ?? "").replace(/^\/+/, "");
  if (rawPrefix && !/^[A-Za-z0-9._\-/]+$/.test(rawPrefix)) throw new Error(`环境变量 S3_PREFIX 只能包含字母、数字和 . _ - /："${rawPrefix}"`);
  const prefix = rawPrefix && !rawPrefix.endsWith("/") ? `${rawPrefix}/` : rawPrefix;

  const checksums = (value(source, "S3_CHECKSUMS") ?? "when_required").toLowerCase();
  if (checksums !== "when_required" && checksums !== "when_supported") {
    throw new Error(`环境变量 S3_CHECKSUMS 只能是 when_required 或 when_supported，当前为 "${source.S3_CHECKSUMS}"`);
  }

  return {
    kind: "s3",
    endpoint: endpoint.replace(/\/+$/, ""),
    region: value(source, "S3_REGION") ?? "us-east-1",
    bucket,
    accessKeyId: value(source, "S3_ACCESS_KEY_ID")!,
    secretAccessKey: value(source, "S3_SECRET_ACCESS_KEY")!,
    forcePathStyle: flag(source, "S3_FORCE_PATH_STYLE", true),
    prefix,
    checksums,
  };
}

const NAMES = ["FILE_STORE", "STORAGE_DIR", "DATA_DIR", "S3_ENDPOINT", "S3_REGION", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE", "S3_PREFIX", "S3_CHECKSUMS", "UPLOADTHING_TOKEN", "UPLOADTHING_API_URL", "UPLOADTHING_INGEST_URL", "UPLOADTHING_UFS_HOST", "UPLOADTHING_UFS_APP_ID_LOCATION"];
let cached: { key: string; config: FileStoreConfig } | undefined;

/** The configuration in force (parsed once per distinct environment). */
export function fileStoreConfig(): FileStoreConfig {
  const key = NAMES.map((n) => process.env[n] ?? "").join("\u0000");
  if (!cached || cached.key !== key) cached = { key, config: parseFileStoreConfig(process.env) };
  return cached.config;
}
