// Creates the cluster run's own PostgreSQL database (argv[3], a connection URL) afresh: dropped if a run before
// left it, then created empty. Connects to the server through argv[2] (the DATABASE_URL the run was given).
import postgres from "postgres";

const target = new URL(process.argv[3]);
const name = decodeURIComponent(target.pathname.slice(1));
if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`集群测试数据库名只能含小写字母、数字和下划线：${name}`);
const admin = postgres(process.argv[2], { max: 1, onnotice: () => {} });
await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await admin.unsafe(`CREATE DATABASE ${name}`);
await admin.end();
