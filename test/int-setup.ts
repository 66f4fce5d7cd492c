import { vi } from "vitest";

// Integration tests call services and data functions directly; those modules are marked
// `server-only`, which throws outside React Server Components.
vi.mock("server-only", () => ({}));
