import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ListMultipartUploadsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { startS3StandIn, type S3StandIn } from "@/scripts/s3-stand-in.mjs";
import type { S3StoreConfig } from "@/lib/storage/config";
import type { S3FileStore } from "@/lib/storage/s3-file-store";

export interface TestS3 {
  standIn: S3StandIn;
  /** The store configuration pointing at the stand-in (prefix ""; give each store its own). */
  config: S3StoreConfig;
  stop(): Promise<void>;
}

/**
 * Starts the npm S3 stand-in (scripts/s3-stand-in.mjs) in this process on a free port (S3_STANDIN_PORT to
 * pin one), with its files in a temporary folder, and a key pair that the stand-in checks signatures with.
 */
export async function startTestS3(bucket = "dcdb-test"): Promise<TestS3> {
  const directory = await mkdtemp(path.join(tmpdir(), "dcdb-s3-"));
  const standIn = await startS3StandIn({ port: Number(process.env.S3_STANDIN_PORT ?? 0), directory, bucket, accessKeyId: "test-key", secretAccessKey: "test-secret" });
  return {
    standIn,
    config: {
      endpoint: standIn.endpoint,
      region: "us-east-1",
      bucket,
      accessKeyId: "test-key",
      secretAccessKey: "test-secret",
      forcePathStyle: true,
      prefix: "",
      checksums: "when_required",
    },
    async stop() {
      await standIn.close().catch(() => {});
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Every raw object and every open multipart upload under the store's prefix: what "nothing left behind" means in S3. */
export async function s3Leftovers(store: S3FileStore, bucket: string, prefix: string): Promise<string[]> {
  const objects = await store.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const uploads = await store.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
  return [...(objects.Contents ?? []).map((o) => o.Key!), ...(uploads.Uploads ?? []).map((u) => `upload:${u.Key}`)];
}
