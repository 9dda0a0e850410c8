// The `threads` option's check: 'auto' or a positive integer.
import { OptionError } from "../errors.js";
import type { ThreadsOption } from "./plan.js";

export function resolveThreadsOption(value: unknown): ThreadsOption {
  if (value === undefined || value === "auto") return "auto";
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new OptionError("INVALID_OPTION", `threads must be 'auto' or a positive integer, got ${JSON.stringify(value) ?? String(value)}`, "threads");
  }
  return value;
}
