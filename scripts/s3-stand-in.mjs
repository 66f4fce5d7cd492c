#!/usr/bin/env node
/**
 * A local S3 stand-in for tests and for trying FILE_STORE=s3 without MinIO: s3rver (npm) on 127.0.0.1,
 * files under a folder, one bucket created at start. Never for production (no real access control, one
 * process): production uses MinIO or Ceph RGW (README "文件存储（本地 / S3）").
 *
 *   S3_STANDIN_PORT=3800 S3_STANDIN_DIR=/tmp/s3 S3_BUCKET=dcdb node scripts/s3-stand-in.mjs
 *
 * Prints "S3 stand-in ready: http://127.0.0.1:PORT bucket=NAME" once it answers. It accepts the key pair
 * S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY (default S3RVER / S3RVER) and checks request signatures with it.
 * Fault injection for the fault checks: S3_STANDIN_REFUSE_PUT=1 starts it refusing every PUT (object and part
 * uploads; create/complete/abort still work, so a multipart upload fails half-way), and SIGUSR2 toggles that,
 * printing "S3 stand-in: refusing PUT" or "S3 stand-in: accepting PUT". SIGTERM/SIGINT stop it.
 *
 * What s3rver 3.7.1 lacks and this file adds (tested against @aws-sdk/client-s3 3.1175):
 * - ListMultipartUploads (GET /bucket?uploads) and AbortMultipartUpload (DELETE /bucket/key?uploadId=…):
 *   s3rver answers the first with NotImplemented and treats the second as a plain object delete, leaving the
 *   parts behind. Both are answered here from s3rver's own folder of pending uploads (without a signature
 *   check: a stand-in on the loopback address).
 * - ListObjectsV2 continuation tokens: s3rver encrypts them with single DES, which OpenSSL 3 (Node ≥ 17) only
 *   has in its legacy provider, so the second page of any listing fails with a 500. DES-CBC with key K is
 *   exactly 3DES-EDE-CBC with key K‖K‖K, which the default provider has: the calls are redirected to that.
 * Checksums: the SDK's default since 2025 (requestChecksumCalculation WHEN_SUPPORTED) sends a streaming
 * PutObject as aws-chunked with a CRC32 trailer, which s3rver refuses ("x-amz-content-sha256 must be …");
 * clients of the stand-in use WHEN_REQUIRED, as the app does by default (S3_CHECKSUMS).
 */
import crypto from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

function desAsTripleDes(original) {
  return (algorithm, key, iv, options) =>
    String(algorithm).toLowerCase() === "des" && Buffer.isBuffer(key) && key.length === 8
      ? original("des-ede3-cbc", Buffer.concat([key, key, key]), iv, options)
      : original(algorithm, key, iv, options);
}
crypto.createCipheriv = desAsTripleDes(crypto.createCipheriv.bind(crypto));
crypto.createDecipheriv = desAsTripleDes(crypto.createDecipheriv.bind(crypto));

const S3rver = require("s3rver");
const { DUMMY_ACCOUNT } = require("s3rver/lib/models/account");

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';
const xmlEscape = (text) => String(text).replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function sendXml(ctx, status, body) {
  ctx.status = status;
  ctx.type = "application/xml";
  ctx.body = XML_HEADER + body;
}

/**
 * Starts the stand-in and resolves once it listens. Returns its endpoint, a switch for refusing PUTs and
 * close(). Used in-process by the tests and by the command line below.
 */
export async function startS3StandIn({
  port,
  host = "127.0.0.1",
  directory,
  bucket,
  accessKeyId = "S3RVER",
  secretAccessKey = "S3RVER",
  refusePut = false,
}) {
  mkdirSync(directory, { recursive: true });
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  const server = new S3rver({ address: host, port, directory, silent: true, configureBuckets: [{ name: bucket }] });
  const uploadsDir = (name) => server.store.getResourcePath(name, undefined, "uploads");
  const state = { refusePut };

  // Runs before s3rver's own middleware (Koa composes the array when the server starts listening).
  server.middleware.unshift(async (ctx, next) => {
    const [, bucketName, ...keyParts] = ctx.path.split("/").map((part) => decodeURIComponent(part));
    const key = keyParts.join("/");
    if (state.refusePut && ctx.method === "PUT" && key) {
      return sendXml(ctx, 500, "<Error><Code>InternalError</Code><Message>stand-in refuses uploads (fault injection)</Message></Error>");
    }
    if (ctx.method === "GET" && bucketName && !key && "uploads" in ctx.query) {
      return listUploads(ctx, bucketName, uploadsDir(bucketName));
    }
    if (ctx.method === "DELETE" && bucketName && key && typeof ctx.query.uploadId === "string") {
      const dir = path.join(uploadsDir(bucketName), path.basename(ctx.query.uploadId));
      let owner;
      try {
        owner = readFileSync(path.join(dir, "key"), "utf8");
      } catch {
        return sendXml(ctx, 404, `<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${xmlEscape(ctx.query.uploadId)}</UploadId></Error>`);
      }
      if (owner !== key) return sendXml(ctx, 404, "<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>");
      rmSync(dir, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    return next();
  });

  // Port 0 (tests): the system picks a free one.
  const address = await server.run();
  return {
    endpoint: `http://${host}:${address.port}`,
    port: address.port,
    bucket,
    setRefusePut(value) {
      state.refusePut = value;
    },
    get refusingPut() {
      return state.refusePut;
    },
    /** Stops listening and drops the SDK's keep-alive connections (close alone would wait for them). */
    close() {
      const closed = server.close();
      server.httpServer.closeAllConnections();
      return closed;
    },
  };
}

/** ListMultipartUploads over s3rver's pending-upload folders (one folder per upload id, holding its key). */
function listUploads(ctx, bucketName, dir) {
  const prefix = typeof ctx.query.prefix === "string" ? ctx.query.prefix : "";
  let ids = [];
  try {
    ids = readdirSync(dir);
  } catch {
    // no upload was ever started in this bucket
  }
  const uploads = [];
  for (const id of ids) {
    try {
      const key = readFileSync(path.join(dir, id, "key"), "utf8");
      if (key.startsWith(prefix)) uploads.push({ key, id, initiated: statSync(path.join(dir, id, "key")).mtime });
    } catch {
      // completed or aborted meanwhile
    }
  }
  uploads.sort((a, b) => (a.key === b.key ? a.id.localeCompare(b.id) : a.key < b.key ? -1 : 1));
  const items = uploads
    .map(
      (u) =>
        `<Upload><Key>${xmlEscape(u.key)}</Key><UploadId>${u.id}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`,
    )
    .join("");
  sendXml(
    ctx,
    200,
    `<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${xmlEscape(bucketName)}</Bucket><Prefix>${xmlEscape(prefix)}</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>${items}</ListMultipartUploadsResult>`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.S3_STANDIN_PORT || 4568);
  const directory = path.resolve(process.env.S3_STANDIN_DIR || "data/s3-stand-in");
  const bucket = process.env.S3_BUCKET || "dcdb";
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`S3_STANDIN_PORT 应为 1–65535 的整数，当前为 "${process.env.S3_STANDIN_PORT}"`);
    process.exit(2);
  }
  const standIn = await startS3StandIn({
    port,
    directory,
    bucket,
    accessKeyId: process.env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: process.env.S3_SECRET_ACCESS_KEY || undefined,
    refusePut: /^(1|true|yes|on)$/i.test(process.env.S3_STANDIN_REFUSE_PUT ?? ""),
  });
  console.log(`S3 stand-in ready: ${standIn.endpoint} bucket=${bucket} dir=${directory}${standIn.refusingPut ? " (refusing PUT)" : ""}`);
  process.on("SIGUSR2", () => {
    standIn.setRefusePut(!standIn.refusingPut);
    console.log(`S3 stand-in: ${standIn.refusingPut ? "refusing" : "accepting"} PUT`);
  });
  const stop = () => {
    // Leave within a second even if a client holds a request open: the fault checks kill and restart it.
    setTimeout(() => process.exit(0), 1000).unref();
    standIn.close().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
