import "server-only";

export { loadActor, type LoadedActor } from "@/lib/services/actors";
