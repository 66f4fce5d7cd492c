export * from "./org";
export * from "./audit";
export * from "./base-data";
export * from "./rules";
export * from "./tasks";
export * from "./messages";
export * from "./scores";
export * from "./statistics";
