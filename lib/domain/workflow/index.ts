export * from "./states";
export * from "./transitions";
export * from "./available-actions";
export * from "./task-number";
export * from "./history-facts";
