import "server-only";

export { loadActor, loadSessionActor } from "@/lib/services/actors";
