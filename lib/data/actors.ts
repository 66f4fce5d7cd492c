import "server-only";

export { loadActor } from "@/lib/services/actors";
