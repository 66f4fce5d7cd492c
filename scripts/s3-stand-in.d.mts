/** Types of scripts/s3-stand-in.mjs for the TypeScript tests that start it in-process. */
export interface S3StandIn {
  endpoint: string;
  port: number;
  bucket: string;
  setRefusePut(value: boolean): void;
  readonly refusingPut: boolean;
  close(): Promise<void>;
}

export function startS3StandIn(options: {
  port: number;
  host?: string;
  directory: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  refusePut?: boolean;
}): Promise<S3StandIn>;
